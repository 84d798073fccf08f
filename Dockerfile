# The Syncr server as a container image: build with Maven, run on a JRE.
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:21-jre
WORKDIR /app
COPY --from=build /src/sync-server/target/syncr-server.jar /app/syncr-server.jar
EXPOSE 8000
# Listen on every interface inside the container; compose maps the port.
ENV SYNCR_BIND=0.0.0.0 SYNCR_PORT=8000 SYNCR_DATA_DIR=/data
VOLUME /data
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "-jar", "/app/syncr-server.jar"]
