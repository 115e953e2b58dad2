# MLflow tracking server for docker-compose.yml: the official image plus boto3 for the MinIO artifact store
# (versions as in stack/versions.env).
FROM ghcr.io/mlflow/mlflow:v3.17.2
RUN pip install --no-cache-dir boto3==1.44.8
COPY stack/make_buckets.py /opt/foldwise/make_buckets.py
