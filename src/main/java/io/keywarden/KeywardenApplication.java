package io.keywarden;

import io.keywarden.audit.VerifyAuditCommand;
import java.util.Arrays;
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
        // The offline verifier runs without the application: no database, no web server, no secrets.
        if (args.length > 0 && VerifyAuditCommand.NAME.equals(args[0])) {
            System.exit(VerifyAuditCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        SpringApplication.run(KeywardenApplication.class, args);
    }
}
