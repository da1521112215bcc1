package io.keywarden;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Keywarden issues, rotates and audits access keys of the upstream IAM API on behalf of other
 * services, so that none of them has to hold the cloud account's master key pair.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class KeywardenApplication {

    public static void main(String[] args) {
        SpringApplication.run(KeywardenApplication.class, args);
    }
}
