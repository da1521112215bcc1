package io.keywarden.events.internal;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

/**
 * Tells Spring Modulith's JDBC event registry that the database is PostgreSQL, the only one
 * keywarden runs on, instead of letting it ask the database while the context starts: keywarden
 * starts while its database is away (and reports itself not ready until it answers), and the image
 * build's training run refreshes the context with no database at all. The registry's own bean,
 * {@code databaseType}, opens a connection to read the driver's name; this replaces its definition
 * with the answer. Modulith's type is package-private, so it is named here, and a Modulith that
 * renames it fails the start-up (and the tests) rather than silently asking the database again.
 */
@Configuration(proxyBeanMethods = false)
class EventRegistryDatabase {

    static final String BEAN = "databaseType";
    static final String TYPE = "org.springframework.modulith.events.jdbc.DatabaseType";

    @Bean
    static BeanDefinitionRegistryPostProcessor postgresForTheEventRegistry() {
        return new BeanDefinitionRegistryPostProcessor() {
            @Override
            public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
                if (!registry.containsBeanDefinition(BEAN)) {
                    return;
                }
                Class<?> type = ClassUtils.resolveClassName(TYPE, EventRegistryDatabase.class.getClassLoader());
                registry.removeBeanDefinition(BEAN);
                registry.registerBeanDefinition(BEAN, postgres(type));
            }

            @Override
            public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {}
        };
    }

    /** A bean of Modulith's type whose value is its PostgreSQL constant. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static RootBeanDefinition postgres(Class<?> type) {
        Object postgres = Enum.valueOf((Class) type, "POSTGRES");
        return new RootBeanDefinition((Class) type, () -> postgres);
    }
}
