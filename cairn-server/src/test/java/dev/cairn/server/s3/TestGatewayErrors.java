package dev.cairn.server.s3;

import dev.cairn.core.s3.S3ErrorCode;
import dev.cairn.core.s3.S3Exception;
import dev.cairn.server.ApiEndpoint;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests signed with signature version 2 are told so, as S3 tells them in the regions that take only version 4,
 * instead of reading as anonymous.
 */
public class TestGatewayErrors
{
    /** What {@code aws s3 presign} of the AWS CLI v1 (1.45) makes for us-east-1. */
    private static final String VERSION_2_URL_QUERY = "AWSAccessKeyId=AKIAFPB5C5HFP3YFBFCL&Signature=O8KFNVCZlXuBd0t5i8lLLXt%2FzY0%3D&Expires=1796297206";
    private static final String VERSION_4_URL_QUERY = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAFPB5C5HFP3YFBFCL%2F20261203%2Fus-east-1%2Fs3%2Faws4_request"
            + "&X-Amz-Date=20261203T112000Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @Test
    public void versionTwoSignaturesAreRecognizedInTheQueryAndTheHeader()
    {
        assertThat(GatewayErrors.signedWithVersion2(ApiEndpoint.parseParameters(VERSION_2_URL_QUERY), null)).isTrue();
        assertThat(GatewayErrors.signedWithVersion2(Map.of(), "AWS AKIAFPB5C5HFP3YFBFCL:O8KFNVCZlXuBd0t5i8lLLXt/zY0=")).isTrue();
    }

    @Test
    public void versionFourAndAnonymousRequestsAreNotVersionTwo()
    {
        assertThat(GatewayErrors.signedWithVersion2(ApiEndpoint.parseParameters(VERSION_4_URL_QUERY), null)).isFalse();
        assertThat(GatewayErrors.signedWithVersion2(Map.of(), "AWS4-HMAC-SHA256 Credential=AKIAFPB5C5HFP3YFBFCL/20261203/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")).isFalse();
        assertThat(GatewayErrors.signedWithVersion2(Map.of(), null)).isFalse();
        // a key named like a parameter of version 2 is not a signature
        assertThat(GatewayErrors.signedWithVersion2(ApiEndpoint.parseParameters("prefix=Signature&AWSAccessKeyId"), null)).isFalse();
    }

    @Test
    public void versionTwoIsAnsweredAsS3Does()
    {
        S3Exception error = GatewayErrors.signatureVersion2();
        assertThat(error.errorCode()).isEqualTo(S3ErrorCode.INVALID_REQUEST);
        assertThat(error.errorCode().status()).isEqualTo(400);
        assertThat(error.getMessage()).isEqualTo("The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.");
    }
}
