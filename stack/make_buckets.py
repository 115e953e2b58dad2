"""Creates the S3 buckets named on the command line in MinIO if they are missing.

Used by stack/stack.sh (with the MLflow virtualenv's boto3) and by the `buckets` service of docker-compose.yml.
Endpoint and credentials come from FOLDWISE_S3 (URL), FOLDWISE_MINIO_ACCESS_KEY and FOLDWISE_MINIO_SECRET_KEY.
"""
import os
import sys

import boto3
from botocore.exceptions import ClientError, EndpointConnectionError

endpoint = os.environ["FOLDWISE_S3"]
s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                  aws_access_key_id=os.environ["FOLDWISE_MINIO_ACCESS_KEY"],
                  aws_secret_access_key=os.environ["FOLDWISE_MINIO_SECRET_KEY"])
try:
    have = {b["Name"] for b in s3.list_buckets().get("Buckets", [])}
    for name in sys.argv[1:]:
        if name not in have:
            s3.create_bucket(Bucket=name)
except ClientError as e:
    sys.exit("MinIO at %s answered %s: FOLDWISE_MINIO_ACCESS_KEY/SECRET_KEY must match the credentials its data "
             "directory was created with" % (endpoint, e.response["Error"].get("Code")))
except EndpointConnectionError:
    sys.exit("MinIO at %s is not reachable" % endpoint)
