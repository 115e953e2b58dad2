# One Foldwise worker service (build arg STAGE: download, explore, preprocess, train, evaluate, aggregate).
FROM maven:3.9.9-eclipse-temurin-17 AS build
ARG STAGE
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -pl workers/${STAGE} -am install

FROM eclipse-temurin:17.0.13_11-jre
ARG STAGE
ENV STAGE=${STAGE} FOLDWISE_ROOT=/app
COPY --from=build /src/stack/*.env /app/stack/
COPY --from=build /src/workers/${STAGE}/target/lib/ /app/lib/
COPY --from=build /src/workers/${STAGE}/target/foldwise-worker-${STAGE}-0.1.0-SNAPSHOT.jar /app/lib/
# G1 with a periodic idle collection and at most 30% of the heap free, and glibc's malloc trimmed every 5 s, as
# ./foldwise worker runs it: an idle worker hands back the heap its last task grew, a fold the native memory it freed;
# the train worker keeps at most 10% free (its heap, the fold's cases, is live at the step's peak)
CMD java -XX:+UseG1GC -XX:G1PeriodicGCInterval=15000 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 $([ "$STAGE" = train ] && echo -XX:MinHeapFreeRatio=5 -XX:MaxHeapFreeRatio=10) -XX:TrimNativeHeapInterval=5000 ${FOLDWISE_JAVA_OPTS:-} -cp "/app/lib/*" "io.foldwise.worker.${STAGE}.Main"
