# keywarden: built with the Maven wrapper, run on a JRE as an unprivileged user, with the JVM
# settings of docker/jvm.options and an AOT cache made in the image itself.
# docker build -t keywarden .   (or: docker compose --profile full up --build)
# bench/image-settings.sh makes the same /app outside Docker (the benchmark runs it).

FROM eclipse-temurin:25-jdk AS build
WORKDIR /build
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
# Dependencies first, so a change to the sources alone reuses this layer.
RUN ./mvnw -B -q dependency:go-offline
COPY src/ src/
RUN ./mvnw -B -DskipTests package \
 && cp target/keywarden-*.jar keywarden.jar \
 && java -Djarmode=tools -jar keywarden.jar extract --layers --destination extracted

FROM eclipse-temurin:25-jre
RUN groupadd --system --gid 10001 keywarden \
 && useradd --system --uid 10001 --gid keywarden --home-dir /app --shell /usr/sbin/nologin keywarden
WORKDIR /app
# Boot's layers, least often changed first: /app/keywarden.jar and its libraries in /app/lib.
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./
# The entry point and the JVM settings it reads (heap, GC, limits: see the file).
COPY docker/jvm.options docker/keywarden ./
# The AOT cache (/app/keywarden.aot): a training run that starts the application context without a
# database and exits once it is refreshed. It runs here, in the runtime image, because the cache
# is only used by the JVM build, class path and options that made it.
COPY docker/aot-training.yml docker/train-aot-cache.sh /tmp/aot-training/
RUN /tmp/aot-training/train-aot-cache.sh /app && rm -rf /tmp/aot-training
USER 10001:10001
EXPOSE 8080
# Liveness only: a dead upstream must not get a healthy keywarden restarted. No curl in the
# image: bash's /dev/tcp speaks the one request needed.
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /actuator/health/liveness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# java @/app/jvm.options [-XX:AOTCache=/app/keywarden.aot] $JAVA_OPTS -jar /app/keywarden.jar
ENTRYPOINT ["/app/keywarden"]
