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
    public void numbersOutOfTheirTypesRangeAreSerializationErrors()
    {
        for (String value : new String[] {"1e400", "-1e400", "4294967296", "2147483648", "1e999999999", "9".repeat(500), "2.5", "1e-400"}) {
            assertThatThrownBy(() -> validate(Service.CLOUDTRAIL, "LookupEventsRequest", JsonInput.parseObject(("{\"MaxResults\":" + value + "}").getBytes())))
                    .as(value)
                    .isInstanceOfSatisfying(CairnException.class, error -> assertThat(error.errorCode()).isEqualTo(ErrorCode.SERIALIZATION));
        }
        // whole numbers written as decimals are integers
        for (String value : new String[] {"5", "5.0", "5e0", "0.5e1", "50"}) {
            assertThat(validate(Service.CLOUDTRAIL, "LookupEventsRequest", JsonInput.parseObject(("{\"MaxResults\":" + value + "}").getBytes())).violation())
                    .as(value)
                    .isEmpty();
        }
    }

    @Test
    public void timestampsAreBetweenYearOneAndYear9999()
            throws Exception
    {
        for (String value : new String[] {"-62135596801", "253402300800", "1e20", "-1e400", "\"+999999999-01-01T00:00:00Z\"", "\"1e20\""}) {
            assertThatThrownBy(() -> validate(Service.CLOUDTRAIL, "LookupEventsRequest", JsonInput.parseObject(("{\"StartTime\":" + value + "}").getBytes())))
                    .as(value)
                    .isInstanceOfSatisfying(CairnException.class, error -> assertThat(error.errorCode()).isEqualTo(ErrorCode.SERIALIZATION));
        }
        for (String value : new String[] {"-62135596800", "253402300799", "-5", "0", "\"1969-12-31T23:59:55Z\""}) {
            assertThat(validate(Service.CLOUDTRAIL, "LookupEventsRequest", "{\"StartTime\":" + value + "}").violation()).as(value).isEmpty();
        }
        assertThat(InputValidator.instant(validate(Service.CLOUDTRAIL, "LookupEventsRequest", "{\"StartTime\":-5}").input().get("StartTime")))
                .hasToString("1969-12-31T23:59:55Z");
    }

    private InputValidator.Validated validate(Service service, String shape, ObjectNode input)
    {
        return InputValidator.validate(catalog.model(service).shape(shape), input, member -> Optional.empty());
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
                case CLOUDTRAIL_DATA -> "cloudtrail-data-2021-08-11.service-2.json";
                case IAM -> "iam-2010-05-08.service-2.json";
                case STS -> "sts-2011-06-15.service-2.json";
                case ORGANIZATIONS -> "organizations-2016-11-28.service-2.json";
                case LOGS -> "logs-2014-03-28.service-2.json";
                case EVENTS -> "events-2015-10-07.service-2.json";
                case SNS -> "sns-2010-03-31.service-2.json";
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
