"""Objects through Cairn's S3 gateway with boto3, for S3GatewayCliIT.

Reads CAIRN_S3_ENDPOINT (the gateway), CAIRN_ACCESS_KEY_ID and CAIRN_SECRET_ACCESS_KEY (a Cairn IAM user's key),
CAIRN_BUCKET (the bucket the user may use, created and deleted here), CAIRN_OTHER_BUCKET (one it may not) and
CAIRN_WORK_DIRECTORY (where the files to upload and the downloads go) from the environment, and prints one JSON
object of what it saw on stdout; the Java test asserts on it. Errors that are part of the journey are caught and
reported; anything unexpected ends the script with a traceback and a non-zero exit.
"""

import hashlib
import json
import os
import random

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import ClientError

REGION = "us-east-1"
MB = 1024 * 1024
LARGE_SIZE = 20 * MB
# multipart from 5 MB on, in parts of 5 MB: the 20 MB file is 4 parts
TRANSFER = TransferConfig(multipart_threshold=5 * MB, multipart_chunksize=5 * MB)
# path-style, and no retries: every call is made exactly once
CONFIG = Config(s3={"addressing_style": "path"}, retries={"total_max_attempts": 1})
SMALL_KEY = "notes/hello w\u00f6rld+1.txt"
LARGE_KEY = "large/twenty.bin"


def error_of(call):
    """Runs a call that must fail; returns its error code and HTTP status."""
    try:
        call()
    except ClientError as e:
        return {
            "Code": e.response["Error"]["Code"],
            "HTTPStatusCode": e.response["ResponseMetadata"].get("HTTPStatusCode"),
        }
    return {"Code": None, "HTTPStatusCode": None}


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(MB), b""):
            digest.update(block)
    return digest.hexdigest()


def main():
    bucket = os.environ["CAIRN_BUCKET"]
    work = os.environ["CAIRN_WORK_DIRECTORY"]
    s3 = boto3.session.Session().client(
        "s3",
        endpoint_url=os.environ["CAIRN_S3_ENDPOINT"],
        region_name=REGION,
        aws_access_key_id=os.environ["CAIRN_ACCESS_KEY_ID"],
        aws_secret_access_key=os.environ["CAIRN_SECRET_ACCESS_KEY"],
        config=CONFIG,
    )
    results = {}
    s3.create_bucket(Bucket=bucket)

    put = s3.put_object(Bucket=bucket, Key=SMALL_KEY, Body=b"hello, gateway", ContentType="text/plain")
    results["put"] = {"ETag": put["ETag"]}
    got = s3.get_object(Bucket=bucket, Key=SMALL_KEY)
    results["get"] = {
        "Body": got["Body"].read().decode("utf-8"),
        "ContentType": got["ContentType"],
        "ContentLength": got["ContentLength"],
        "ETag": got["ETag"],
    }

    large = os.path.join(work, "twenty.bin")
    with open(large, "wb") as f:
        f.write(random.Random(LARGE_SIZE).randbytes(LARGE_SIZE))
    s3.upload_file(large, bucket, LARGE_KEY, Config=TRANSFER)
    head = s3.head_object(Bucket=bucket, Key=LARGE_KEY)
    downloaded = os.path.join(work, "twenty-downloaded.bin")
    s3.download_file(bucket, LARGE_KEY, downloaded, Config=TRANSFER)
    results["multipart"] = {
        "ETag": head["ETag"],
        "ContentLength": head["ContentLength"],
        "uploadedSha256": sha256(large),
        "downloadedSha256": sha256(downloaded),
    }

    listing = s3.list_objects_v2(Bucket=bucket)
    results["listed"] = [{"Key": o["Key"], "Size": o["Size"]} for o in listing.get("Contents", [])]

    s3.delete_object(Bucket=bucket, Key=SMALL_KEY)
    s3.delete_object(Bucket=bucket, Key=LARGE_KEY)
    results["listedAfterDelete"] = s3.list_objects_v2(Bucket=bucket)["KeyCount"]
    results["deletedGet"] = error_of(lambda: s3.get_object(Bucket=bucket, Key=SMALL_KEY))
    results["otherBucketDenied"] = error_of(lambda: s3.list_objects_v2(Bucket=os.environ["CAIRN_OTHER_BUCKET"]))
    s3.delete_bucket(Bucket=bucket)

    print(json.dumps(results))


if __name__ == "__main__":
    main()
