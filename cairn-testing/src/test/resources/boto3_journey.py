"""The user journey through boto3 against a Cairn server, for Boto3JourneyIT.

Reads CAIRN_ENDPOINT, CAIRN_ROOT_ACCESS_KEY_ID and CAIRN_ROOT_SECRET_ACCESS_KEY from the environment, runs the
journey and prints one JSON object of what it saw on stdout; the Java test asserts on it. Errors that are part of
the journey are caught and reported; anything unexpected ends the script with a traceback and a non-zero exit.
"""

import json
import os
import sys
import time
import urllib.error
import urllib.request
from datetime import datetime

import boto3
import botocore
from botocore.config import Config
from botocore.exceptions import ClientError

REGION = "us-east-1"
INDEX_TIMEOUT_SECONDS = 20
BULK_CALLS = 65
UNKNOWN_ACCESS_KEY_ID = "AKIAZZZZZZZZZZZZZZZZ"
LIST_USERS_POLICY = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*"}],
}
# no retries: every call is made exactly once, so the recorded events can be counted
CONFIG = Config(retries={"total_max_attempts": 1})


def client(service, access_key_id, secret_access_key):
    return boto3.session.Session().client(
        service,
        endpoint_url=os.environ["CAIRN_ENDPOINT"],
        region_name=REGION,
        aws_access_key_id=access_key_id,
        aws_secret_access_key=secret_access_key,
        config=CONFIG,
    )


def error_of(call):
    """Runs a call that must fail; returns its error code, message and HTTP status."""
    try:
        call()
    except ClientError as e:
        return {
            "Code": e.response["Error"]["Code"],
            "Message": e.response["Error"].get("Message", ""),
            "HTTPStatusCode": e.response["ResponseMetadata"].get("HTTPStatusCode"),
        }
    return {"Code": None, "Message": "the call succeeded", "HTTPStatusCode": None}


def lookup_pages(cloudtrail, username, page_size=None):
    """All pages of the events of one user, through boto3's paginator."""
    arguments = {"LookupAttributes": [{"AttributeKey": "Username", "AttributeValue": username}]}
    if page_size is not None:
        arguments["PaginationConfig"] = {"PageSize": page_size}
    return list(cloudtrail.get_paginator("lookup_events").paginate(**arguments))


def await_events(cloudtrail, username, done):
    """Polls until the events of a user satisfy done, or the deadline passes; returns the last pages read."""
    deadline = time.monotonic() + INDEX_TIMEOUT_SECONDS
    while True:
        pages = lookup_pages(cloudtrail, username)
        events = [event for page in pages for event in page["Events"]]
        if done(events) or time.monotonic() > deadline:
            return pages
        time.sleep(0.05)


def summary(event):
    return {
        "EventId": event["EventId"],
        "EventName": event["EventName"],
        "Username": event.get("Username"),
        "AccessKeyId": event.get("AccessKeyId"),
        "EventTimeType": type(event["EventTime"]).__name__,
        "EventTime": event["EventTime"].isoformat() if isinstance(event["EventTime"], datetime) else event["EventTime"],
        "CloudTrailEvent": json.loads(event["CloudTrailEvent"]),
    }


def fetch(url):
    """The status and body of a plain GET, as a presigned URL's holder sends it."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return {"status": response.status, "body": response.read().decode()}
    except urllib.error.HTTPError as error:
        return {"status": error.code, "body": error.read().decode()}


def main():
    results = {"boto3": boto3.__version__, "botocore": botocore.__version__}
    root_key = (os.environ["CAIRN_ROOT_ACCESS_KEY_ID"], os.environ["CAIRN_ROOT_SECRET_ACCESS_KEY"])
    sts = client("sts", *root_key)
    iam = client("iam", *root_key)
    cloudtrail = client("cloudtrail", *root_key)

    identity = sts.get_caller_identity()
    results["rootIdentity"] = {"Account": identity["Account"], "Arn": identity["Arn"]}
    # a presigned GetCallerIdentity URL, as Vault's and EKS's IAM authentication use them: anyone holding it may call it
    results["presigned"] = fetch(sts.generate_presigned_url("get_caller_identity", HttpMethod="GET", ExpiresIn=300))
    expired = sts.generate_presigned_url("get_caller_identity", HttpMethod="GET", ExpiresIn=1)
    time.sleep(2.5)
    results["presignedExpired"] = fetch(expired)

    user = iam.create_user(UserName="alice")["User"]
    results["user"] = {"UserName": user["UserName"], "Arn": user["Arn"], "CreateDateType": type(user["CreateDate"]).__name__}
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    results["accessKey"] = {name: key[name] for name in ("UserName", "AccessKeyId", "SecretAccessKey", "Status")}

    alice_sts = client("sts", key["AccessKeyId"], key["SecretAccessKey"])
    alice_iam = client("iam", key["AccessKeyId"], key["SecretAccessKey"])
    alice_cloudtrail = client("cloudtrail", key["AccessKeyId"], key["SecretAccessKey"])
    results["aliceIdentity"] = {name: value for name, value in alice_sts.get_caller_identity().items() if name != "ResponseMetadata"}
    results["aliceListUsersDenied"] = error_of(alice_iam.list_users)
    results["aliceDescribeTrailsDenied"] = error_of(alice_cloudtrail.describe_trails)

    pages = await_events(cloudtrail, "alice", lambda events: "DescribeTrails" in [event["EventName"] for event in events])
    results["aliceEvents"] = [summary(event) for page in pages for event in page["Events"]]

    iam.put_user_policy(UserName="alice", PolicyName="list-users", PolicyDocument=json.dumps(LIST_USERS_POLICY))
    policy = iam.get_user_policy(UserName="alice", PolicyName="list-users")
    results["userPolicy"] = {
        "PolicyName": policy["PolicyName"],
        "PolicyDocumentType": type(policy["PolicyDocument"]).__name__,
        "PolicyDocument": policy["PolicyDocument"],
    }
    results["aliceListUsers"] = [listed["UserName"] for listed in alice_iam.list_users()["Users"]]

    bob = iam.create_user(UserName="bob")["User"]
    bob_key = iam.create_access_key(UserName="bob")["AccessKey"]
    bob_sts = client("sts", bob_key["AccessKeyId"], bob_key["SecretAccessKey"])
    for _ in range(BULK_CALLS):
        bob_sts.get_caller_identity()
    await_events(cloudtrail, bob["UserName"], lambda events: len(events) >= BULK_CALLS)
    bob_pages = lookup_pages(cloudtrail, "bob", page_size=10)
    results["bobPages"] = [[event["EventId"] for event in page["Events"]] for page in bob_pages]
    results["bobCalls"] = BULK_CALLS

    results["invalidMaxResults"] = error_of(lambda: cloudtrail.lookup_events(MaxResults=51))
    unknown_secret = key["SecretAccessKey"]
    results["unknownKey"] = {
        "sts": error_of(client("sts", UNKNOWN_ACCESS_KEY_ID, unknown_secret).get_caller_identity),
        "iam": error_of(client("iam", UNKNOWN_ACCESS_KEY_ID, unknown_secret).list_users),
        "cloudtrail": error_of(client("cloudtrail", UNKNOWN_ACCESS_KEY_ID, unknown_secret).lookup_events),
    }

    # a trail (its bucket directory was made by the test)
    trail = cloudtrail.create_trail(Name="boto3-trail", S3BucketName="boto3-logs", S3KeyPrefix="b3", IsMultiRegionTrail=True,
                                    TagsList=[{"Key": "team", "Value": "security"}])
    results["trail"] = {name: trail[name] for name in ("Name", "TrailARN", "S3KeyPrefix", "IsMultiRegionTrail", "IncludeGlobalServiceEvents")}
    cloudtrail.start_logging(Name="boto3-trail")
    status = cloudtrail.get_trail_status(Name="boto3-trail")
    results["trailStatus"] = {"IsLogging": status["IsLogging"], "StartLoggingTimeType": type(status["StartLoggingTime"]).__name__}
    results["listTrails"] = [listed["Name"] for page in cloudtrail.get_paginator("list_trails").paginate() for listed in page["Trails"]]
    results["describeTrails"] = [described["Name"] for described in cloudtrail.describe_trails(includeShadowTrails=True)["trailList"]]
    results["trailNotFound"] = error_of(lambda: cloudtrail.get_trail(Name="no-such-trail"))
    results["noSelectors"] = error_of(lambda: cloudtrail.put_event_selectors(TrailName="boto3-trail"))
    results["tags"] = cloudtrail.list_tags(ResourceIdList=[trail["TrailARN"]])["ResourceTagList"][0]["TagsList"]
    iam.create_user(UserName="boto3-trail-user")
    cloudtrail.stop_logging(Name="boto3-trail")

    json.dump(results, sys.stdout, indent=1, default=str)
    print()


if __name__ == "__main__":
    main()
