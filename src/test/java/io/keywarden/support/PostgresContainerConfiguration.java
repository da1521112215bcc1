package io.keywarden.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A PostgreSQL 15 container as the tests' database, where a Docker engine answers. Elsewhere the
 * bean is absent and the plain {@code spring.datasource.*} set by {@link TestDatabase} applies,
 * so tests have one code path either way.
 */
@TestConfiguration(proxyBeanMethods = false)
public class PostgresContainerConfiguration {

    @Bean
    @ServiceConnection
    @Conditional(DockerAnswers.class)
    PostgreSQLContainer postgres() {
        return new PostgreSQLContainer("postgres:15");
    }

    static class DockerAnswers implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return DockerProbe.dockerAvailable();
        }
    }
}
