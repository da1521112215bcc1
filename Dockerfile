# keywarden: built with the Maven wrapper, run on a JRE as an unprivileged user.
# docker build -t keywarden .   (or: docker compose --profile full up --build)

FROM eclipse-temurin:21-jdk AS build
WORKDIR /build
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
# Dependencies first, so a change to the sources alone reuses this layer.
RUN ./mvnw -B -q dependency:go-offline
COPY src/ src/
RUN ./mvnw -B -DskipTests package \
 && cp target/keywarden-*.jar keywarden.jar \
 && java -Djarmode=tools -jar keywarden.jar extract --layers --destination extracted

FROM eclipse-temurin:21-jre
RUN groupadd --system --gid 10001 keywarden \
 && useradd --system --uid 10001 --gid keywarden --home-dir /app --shell /usr/sbin/nologin keywarden
WORKDIR /app
# Boot's layers, least often changed first.
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./
USER 10001:10001
EXPOSE 8080
# Heap sized from the container's memory limit; an OutOfMemoryError ends the process so the
# orchestrator restarts it rather than leaving it half alive.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -XX:+UseG1GC -Djava.security.egd=file:/dev/urandom"
# Liveness only: a dead upstream must not get a healthy keywarden restarted. No curl in the
# image: bash's /dev/tcp speaks the one request needed.
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /actuator/health/liveness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "-jar", "/app/keywarden.jar"]
