package dev.cairn.core;

import dev.cairn.core.api.ServiceCatalog;
import dev.cairn.core.api.Shape;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

public class TestErrorCode
{
    private final ServiceCatalog catalog = new ServiceCatalog(Json.mapper());

    @Test
    public void everyModelErrorIsAnExceptionShapeOfItsModel()
    {
        for (ErrorCode code : ErrorCode.values()) {
            if (code.modelService().isEmpty()) {
                assertThat(code.jsonCode()).as(code.name()).isNotBlank();
                assertThat(code.queryCode()).as(code.name()).isNotBlank();
                continue;
            }
            Shape shape = catalog.model(code.modelService().get()).shape(code.shapeName());
            assertThat(shape.exception()).as(code.name()).isTrue();
            assertThat(code.recordCode()).isEqualTo(code.shapeName());
        }
    }

    @Test
    public void iamErrorsTakeCodeAndStatusFromTheModel()
    {
        Shape noSuchEntity = catalog.model(ErrorCode.NO_SUCH_ENTITY.modelService().orElseThrow()).shape(ErrorCode.NO_SUCH_ENTITY.shapeName());
        assertThat(noSuchEntity.errorCode()).isEqualTo("NoSuchEntity");
        assertThat(noSuchEntity.errorStatus()).isEqualTo(404);
    }
}
