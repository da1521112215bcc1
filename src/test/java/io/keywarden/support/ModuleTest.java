package io.keywarden.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * One application module, the module of the test's package, started on its own against the real
 * PostgreSQL (migrated as for the whole application). Its neighbours are not started: a test mocks
 * those it uses ({@code @MockitoBean}). Not a web application (its controllers are beans like any
 * other; the full application's tests call them over HTTP): no web server, no sandbox, no identity
 * provider. Nor the test profile, whose settings are the whole application's: only the
 * application's defaults, a small pool, no schedule (a test runs a job when it means to), and what
 * the test sets itself. {@code ModularityTests} checks the structure once, so a module test does
 * not check it again. The context is closed after its class, which gives its connections back:
 * each module has one such class, so there is nothing to share it with.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ApplicationModuleTest(verifyAutomatically = false, webEnvironment = WebEnvironment.NONE)
@Import(PostgresContainerConfiguration.class)
@DirtiesContext
@TestPropertySource(
        properties = {
            "keywarden.scheduling.enabled=false",
            // The health groups name contributors of other modules.
            "management.endpoint.health.validate-group-membership=false",
            "spring.datasource.hikari.maximum-pool-size=4",
            "spring.datasource.hikari.minimum-idle=1"
        })
public @interface ModuleTest {

    /** Modules to start beside the test's own, as {@link ApplicationModuleTest#extraIncludes()}. */
    @AliasFor(annotation = ApplicationModuleTest.class, attribute = "extraIncludes")
    String[] extraIncludes() default {};
}
