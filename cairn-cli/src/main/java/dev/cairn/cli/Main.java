package dev.cairn.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.Map;

/**
 * The {@code cairn} command.
 */
@Command(name = "cairn", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Cairn: a self-hosted audit trail that speaks AWS CloudTrail's APIs and file formats.",
        subcommands = CommandLine.HelpCommand.class)
public final class Main
{
    private Main() {}

    public static void main(String[] args)
    {
        System.exit(run(args, System.getenv()));
    }

    static int run(String[] args, Map<String, String> environment)
    {
        return run(args, environment, new PrintWriter(System.out, true), new PrintWriter(System.err, true), null);
    }

    /**
     * Runs a command, printing to {@code out} and {@code err}; {@code starter}, when given, starts {@code serve}'s
     * server in place of the real one (tests of bad starts run in-process).
     */
    static int run(String[] args, Map<String, String> environment, PrintWriter out, PrintWriter err, ServeCommand.Starter starter)
    {
        CommandLine commandLine;
        try {
            commandLine = commandLine(args, environment, starter);
        }
        catch (CommandLine.ParameterException | ConfigSources.ConfigException e) {
            err.println("cairn: " + e.getMessage());
            err.flush();
            return 2;
        }
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.getSubcommands().values().forEach(sub -> {
            sub.setOut(out);
            sub.setErr(err);
        });
        return commandLine.execute(args);
    }

    static CommandLine commandLine(String[] args, Map<String, String> environment)
    {
        return commandLine(args, environment, null);
    }

    private static CommandLine commandLine(String[] args, Map<String, String> environment, ServeCommand.Starter starter)
    {
        ConfigSources sources = ConfigSources.load(args, environment);
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.addSubcommand("serve", starter == null ? new ServeCommand(environment) : new ServeCommand(environment, starter));
        commandLine.addSubcommand("validate-logs", new ValidateLogsCommand());
        commandLine.addSubcommand("public-keys", new PublicKeysCommand());
        commandLine.addSubcommand("create-bucket", new CreateBucketCommand());
        commandLine.setDefaultValueProvider(sources);
        commandLine.getSubcommands().values().forEach(sub -> sub.setDefaultValueProvider(sources));
        commandLine.setParameterExceptionHandler((exception, arguments) -> {
            PrintWriter err = exception.getCommandLine().getErr();
            err.println(exception.getCommandLine().getCommandSpec().qualifiedName() + ": " + exception.getMessage()
                    + " (see '" + exception.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        commandLine.setExecutionStrategy(parseResult -> {
            CommandLine.ParseResult last = parseResult;
            while (last.hasSubcommand()) {
                last = last.subcommand();
            }
            if (sources.hasFileValues()) {
                sources.checkKeys(last.commandSpec(), "the config file");
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        commandLine.setExecutionExceptionHandler((exception, command, parseResult) -> {
            command.getErr().println(command.getCommandName() + ": " + (exception.getMessage() == null ? exception.toString() : exception.getMessage()));
            return 1;
        });
        return commandLine;
    }

    static final class Version
            implements CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion()
        {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"cairn " + (version == null ? "development" : version)};
        }
    }
}
