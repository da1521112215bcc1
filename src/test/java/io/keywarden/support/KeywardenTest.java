package io.keywarden.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole application on a real port, against a real PostgreSQL, the sandbox upstream it
 * serves itself and the test identity provider (with a stand-in console to sign people in). Every
 * test class with this annotation shares one application context in its test JVM (the build runs
 * two, each with a database of its own); a class that needs other settings starts one of its own.
 * Keep it for what only a whole process shows; a module's own behaviour is a {@link ModuleTest}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT)
@ContextConfiguration(
        initializers = {FreePortInitializer.class, IdentityProviderInitializer.class, WebhookReceiver.Initializer.class
        })
@Import({PostgresContainerConfiguration.class, TestConsoleConfiguration.class, RecordedEvents.class})
@ActiveProfiles("test")
public @interface KeywardenTest {}
