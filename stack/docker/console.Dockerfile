# The Foldwise console (web UI) for docker-compose.yml. It binds to all addresses inside its container (compose
# publishes it on FOLDWISE_HOST only), so it refuses to start without FOLDWISE_CONSOLE_TOKEN.
FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests install

FROM eclipse-temurin:17.0.13_11-jre
ENV FOLDWISE_ROOT=/app
COPY --from=build /src/stack/*.env /app/stack/
COPY --from=build /src/experiments/ /app/experiments/
COPY --from=build /src/definitions/ /app/definitions/
# the launch preview keys stages by the workers' compiled code, read from their build output as ./foldwise does
COPY --from=build /src/workers/ /app/workers/
COPY --from=build /src/console/target/lib/ /app/lib/
COPY --from=build /src/console/target/foldwise-console-0.1.0-SNAPSHOT.jar /app/lib/
EXPOSE 8200
CMD java -Xmx512m ${FOLDWISE_JAVA_OPTS:-} -cp "/app/lib/*" io.foldwise.console.Console
