package dev.cairn.core.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.Json;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class TestInputValidator
{
    private final ServiceCatalog catalog = new ServiceCatalog(Json.mapper());

    private InputValidator.Validated validate(Service service, String shape, String json)
            throws Exception
    {
        return InputValidator.validate(catalog.model(service).shape(shape), Json.mapper().readTree(json),
                member -> member.equals("MaxResults") ? Optional.of(ErrorCode.INVALID_MAX_RESULTS) : Optional.empty());
    }

    @Test
    public void acceptsValidInputAndNormalizesTimestamps()
            throws Exception
    {
        InputValidator.Validated result = validate(Service.CLOUDTRAIL, "LookupEventsRequest",
                "{\"LookupAttributes\":[{\"AttributeKey\":\"Username\",\"AttributeValue\":\"alice\"}],\"StartTime\":\"2026-11-20T00:00:00Z\",\"EndTime\":1795000000.5,\"MaxResults\":50,\"Unknown\":1}");
        assertThat(result.violation()).isEmpty();
        ObjectNode input = result.input();
        assertThat(InputValidator.instant(input.get("StartTime"))).hasToString("2026-11-20T00:00:00Z");
        assertThat(InputValidator.instant(input.get("EndTime")).getNano()).isEqualTo(500_000_000);
        assertThat(input.has("Unknown")).isFalse();
    }

    @Test
    public void reportsEveryViolationInAwsWording()
            throws Exception
    {
        InputValidator.Validated result = validate(Service.IAM, "CreateUserRequest", "{\"UserName\":\"bad name!\",\"Path\":\"nope\"}");
        assertThat(result.violation()).hasValueSatisfying(error -> {
            assertThat(error.errorCode()).isEqualTo(ErrorCode.VALIDATION);
            assertThat(error.getMessage()).startsWith("2 validation errors detected: ")
                    .contains("Value 'bad name!' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+")
                    .contains("at 'path' failed to satisfy constraint");
        });
        assertThat(validate(Service.IAM, "CreateUserRequest", "{}").violation()).hasValueSatisfying(error ->
                assertThat(error.getMessage()).isEqualTo("1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null"));
    }

    @Test
    public void mapsMembersToTheOperationsOwnErrors()
            throws Exception
    {
        assertThat(validate(Service.CLOUDTRAIL, "LookupEventsRequest", "{\"MaxResults\":51}").violation()).hasValueSatisfying(error -> {
            assertThat(error.errorCode()).isEqualTo(ErrorCode.INVALID_MAX_RESULTS);
            assertThat(error.getMessage()).isEqualTo("1 validation error detected: Value '51' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50");
        });
        assertThat(validate(Service.CLOUDTRAIL, "LookupEventsRequest", "{\"LookupAttributes\":[{\"AttributeKey\":\"Nope\",\"AttributeValue\":\"x\"}]}").violation())
                .hasValueSatisfying(error -> assertThat(error.getMessage()).contains("'lookupAttributes.1.member.attributeKey'").contains("enum value set"));
    }

    @Test
    public void wrongTypesAreSerializationErrors()
    {
        assertThatThrownBy(() -> validate(Service.CLOUDTRAIL, "LookupEventsRequest", "{\"MaxResults\":\"ten\"}"))
                .isInstanceOfSatisfying(CairnException.class, error -> assertThat(error.errorCode()).isEqualTo(ErrorCode.SERIALIZATION));
        assertThatThrownBy(() -> validate(Service.CLOUDTRAIL, "LookupEventsRequest", "{\"LookupAttributes\":{}}"))
                .isInstanceOfSatisfying(CairnException.class, error -> assertThat(error.errorCode()).isEqualTo(ErrorCode.SERIALIZATION));
    }

    @Test
    public void sensitiveValuesAreNeverEchoed()
            throws Exception
    {
        assertThat(validate(Service.IAM, "CreateLoginProfileRequest", "{\"UserName\":\"alice\",\"Password\":\"\"}").violation())
                .hasValueSatisfying(error -> assertThat(error.getMessage()).contains("Value at 'password'").doesNotContain("''"));
    }

    @Test
    public void everyPatternOfTheServedModelsCompiles()
    {
        for (Service service : Service.values()) {
            ServiceModel model = catalog.model(service);
            com.fasterxml.jackson.databind.JsonNode shapes;
            try (var in = ServiceModel.class.getResourceAsStream("/models/" + switch (service) {
                case CLOUDTRAIL -> "cloudtrail-2013-11-01.service-2.json";
                case IAM -> "iam-2010-05-08.service-2.json";
                case STS -> "sts-2011-06-15.service-2.json";
            })) {
                shapes = Json.mapper().readTree(in).get("shapes");
            }
            catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            shapes.fieldNames().forEachRemaining(name -> {
                Shape shape = model.shape(name);
                if (shapes.get(name).has("pattern")) {
                    assertThat(shape.pattern()).as(service + " " + name).isPresent();
                }
            });
        }
    }
}
