package io.keywarden.jobs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.jobs.Job;
import io.keywarden.jobs.JobResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Job intervals and lock settings a scheduled run could not use stop the start, naming the
 * property; the defaults, including the hourly job's, start.
 */
class JobSettingsValidationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Settings.class);

    @Test
    void theDefaultsStartAndTheHourlyJobsLockOutlastsHalfItsInterval() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            JobLocks locks = context.getBean(JobLocks.class);
            assertThat(locks.lockAtMostFor(Settings.HOURLY)).isEqualTo(Duration.ofMinutes(30));
            assertThat(locks.lockAtMostFor(Settings.EVERY_MINUTE)).isEqualTo(Duration.ofMinutes(15));
        });
    }

    @Test
    void aLockAtMostForShorterThanHalfAnIntervalFailsNamingBothProperties() {
        runner.withPropertyValues("keywarden.jobs.lock-at-most-for=PT15M")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("keywarden.jobs.lock-at-most-for (PT15M)")
                        .hasMessageContaining("keywarden.jobs.intervals.audit-verification (PT1H)"));
    }

    @Test
    void aLockAtMostForThatFitsEveryIntervalStarts() {
        runner.withPropertyValues("keywarden.jobs.lock-at-most-for=PT40M")
                .run(context -> assertThat(context.getBean(JobLocks.class).lockAtMostFor(Settings.EVERY_MINUTE))
                        .isEqualTo(Duration.ofMinutes(40)));
    }

    @Test
    void anIntervalLongerThanTwiceTheLockAtMostForFailsNamingIt() {
        runner.withPropertyValues(
                        "keywarden.jobs.lock-at-most-for=PT40M", "keywarden.jobs.intervals.key-retirement=PT2H")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("keywarden.jobs.intervals.key-retirement (PT2H)"));
    }

    @Test
    void anIntervalForNoJobFailsNamingIt() {
        runner.withPropertyValues("keywarden.jobs.intervals.audit-verfication=PT2H")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("keywarden.jobs.intervals.audit-verfication names no job"));
    }

    @Test
    void aZeroIntervalFailsNamingIt() {
        runner.withPropertyValues("keywarden.jobs.intervals.key-retirement=PT0S")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("keywarden.jobs.intervals.key-retirement must be a positive duration"));
    }

    /** The job settings with two jobs shaped like production's: one hourly, one every minute. */
    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(JobProperties.class)
    static class Settings {

        static final Job HOURLY = new Named("audit-verification", Duration.ofHours(1));
        static final Job EVERY_MINUTE = new Named("key-retirement", Duration.ofMinutes(1));

        @Bean
        Job hourly() {
            return HOURLY;
        }

        @Bean
        Job everyMinute() {
            return EVERY_MINUTE;
        }

        @Bean
        JobLocks jobLocks(List<Job> jobs, JobProperties properties) {
            return new JobLocks(jobs, properties);
        }
    }

    private record Named(String name, Duration defaultInterval) implements Job {

        @Override
        public String description() {
            return "Does nothing; a job whose settings are checked.";
        }

        @Override
        public JobResult run() {
            return JobResult.none();
        }
    }
}
