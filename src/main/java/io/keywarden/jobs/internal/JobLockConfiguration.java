package io.keywarden.jobs.internal;

import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * ShedLock on keywarden's own database, with the database's clock so instances' clocks do not
 * matter, each lock marked with the name the instance uses in the job history.
 */
@Configuration(proxyBeanMethods = false)
class JobLockConfiguration {

    @Bean
    JobInstance jobInstance() {
        return JobInstance.ofThisHost();
    }

    @Bean
    LockProvider lockProvider(DataSource dataSource, JobInstance instance) {
        return lockProviderOn(dataSource, instance);
    }

    @Bean
    LockingTaskExecutor lockingTaskExecutor(LockProvider lockProvider) {
        return new DefaultLockingTaskExecutor(lockProvider);
    }

    static LockProvider lockProviderOn(DataSource dataSource, JobInstance instance) {
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource))
                .usingDbTime()
                .withLockedByValue(instance.name())
                .build());
    }
}
