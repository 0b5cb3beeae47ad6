package dev.cairn.testing;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import dev.cairn.cli.Main;
import dev.cairn.core.Cairn;
import dev.cairn.model.Principal;
import dev.cairn.server.CairnServer;
import dev.cairn.spi.Store;
import dev.cairn.store.postgres.PostgresStore;
import dev.cairn.store.sqlite.SqliteStore;
import dev.cairn.target.s3.S3BucketStore;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The architecture's rules, checked on the compiled classes (DESIGN.md §2, STYLE.md §1): modules depend one way
 * (server -> core -> spi -> model; stores and targets see only spi and model); in the core, data flows from the edge
 * through handlers and the recorder to the journal and its consumers, and consumers never call each other.
 */
public class TestLayers
{
    private static final JavaClasses CLASSES = importCairn();

    /**
     * Cairn's own classes: each module's jar or class folder, found from one class of it (scanning the class path
     * for the package read every jar and took 5 to 45 s), with no other classes resolved.
     */
    private static JavaClasses importCairn()
    {
        ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
        List<Class<?>> oneClassOfEachModule = List.of(Principal.class, Store.class, Cairn.class, SqliteStore.class, PostgresStore.class, S3BucketStore.class,
                CairnServer.class, Main.class, TestingCairnServer.class);
        List<Location> modules = new ArrayList<>();
        for (Class<?> type : oneClassOfEachModule) {
            try {
                modules.add(Location.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()));
            }
            catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return new ClassFileImporter().importLocations(modules);
    }

    @Test
    public void modulesDependOneWay()
    {
        check(noClasses().that().resideInAPackage("dev.cairn.model..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.cairn.spi..", "dev.cairn.core..", "dev.cairn.server..", "dev.cairn.cli..", "dev.cairn.store..",
                        "dev.cairn.target.."));
        check(noClasses().that().resideInAPackage("dev.cairn.spi..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.cairn.core..", "dev.cairn.server..", "dev.cairn.cli..", "dev.cairn.store..", "dev.cairn.target.."));
        check(noClasses().that().resideInAnyPackage("dev.cairn.store..", "dev.cairn.target..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.cairn.core..", "dev.cairn.server..", "dev.cairn.cli.."));
        check(noClasses().that().resideInAPackage("dev.cairn.core..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.cairn.server..", "dev.cairn.cli..", "dev.cairn.store..", "dev.cairn.target.."));
        check(noClasses().that().resideInAPackage("dev.cairn.server..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.cairn.cli.."));
    }

    @Test
    public void dataFlowsOneWayThroughTheCore()
    {
        // the recorder builds records from small descriptions, not from handlers
        check(noClasses().that().resideInAPackage("dev.cairn.core.recorder..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.cairn.core.ops..", "dev.cairn.core.journal..", "dev.cairn.core.delivery..", "dev.cairn.core.history.."));
        // the journal knows nothing of what reads it
        check(noClasses().that().resideInAPackage("dev.cairn.core.journal..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.cairn.core.delivery..", "dev.cairn.core.history..", "dev.cairn.core.ops..",
                        "dev.cairn.core.recorder..", "dev.cairn.core.trail.."));
        // consumers never call each other, nor the handlers
        check(noClasses().that().resideInAPackage("dev.cairn.core.delivery..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.cairn.core.history..", "dev.cairn.core.ops..", "dev.cairn.core.console..", "dev.cairn.core.recorder.."));
        check(noClasses().that().resideInAPackage("dev.cairn.core.history..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.cairn.core.delivery..", "dev.cairn.core.ops..", "dev.cairn.core.console.."));
        // EventBridge rules see records as JSON, as a consumer of the journal will hand them over
        check(noClasses().that().resideInAPackage("dev.cairn.core.events..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.cairn.core.ops..", "dev.cairn.core.console..", "dev.cairn.core.recorder..",
                        "dev.cairn.core.journal..", "dev.cairn.core.delivery..", "dev.cairn.core.history.."));
        // trails are settings; delivery keeps its own state, and digests are a file format and signing
        check(noClasses().that().resideInAPackage("dev.cairn.core.trail..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.cairn.core.delivery..", "dev.cairn.core.digest..", "dev.cairn.core.ops.."));
        check(noClasses().that().resideInAPackage("dev.cairn.core.digest..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.cairn.core.trail..", "dev.cairn.core.delivery..", "dev.cairn.core.ops.."));
    }

    @Test
    public void corePackagesHaveNoCycles()
    {
        // the wiring (Cairn, Dispatcher) and the shared basics (ErrorCode, Json) are in dev.cairn.core itself, in no slice
        check(SlicesRuleDefinition.slices().matching("dev.cairn.core.(*)..").should().beFreeOfCycles().because("the core's packages form layers"));
    }

    private static void check(ArchRule rule)
    {
        rule.check(CLASSES);
    }
}
