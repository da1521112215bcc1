package io.keywarden.audit;

import io.keywarden.audit.internal.OfflineVerifier;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code java -jar keywarden.jar verify-audit --events FILE --checkpoints DIR --public-key FILE
 * [--chain-key FILE] [--range]}: verifies an export of the audit log against the signed
 * checkpoints, offline, before and instead of starting the application, so an auditor needs
 * neither a database nor keywarden's secrets. The export must be the whole log, from event 1,
 * unless {@code --range} declares it a part (then the events before it and the checkpoints after it
 * are not checked). Events of chain version 1 need {@code --chain-key} (the base64 chain key):
 * without it an export holding one is not called intact. Exit status 0 when intact, 1 when not
 * intact or not wholly verified, 2 for a command it cannot run.
 */
public final class VerifyAuditCommand {

    public static final String NAME = "verify-audit";

    private static final String USAGE = "usage: java -jar keywarden.jar verify-audit --events FILE --checkpoints DIR"
            + " --public-key FILE [--chain-key FILE] [--range]";

    private VerifyAuditCommand() {}

    /** Runs the command on its arguments (after {@value #NAME}) and answers its exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options = new HashMap<>();
        boolean range = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--range")) {
                range = true;
            } else if (arg.startsWith("--") && i + 1 < args.length) {
                options.put(arg, args[++i]);
            } else {
                err.println(USAGE);
                return 2;
            }
        }
        if (!options.keySet().stream().allMatch(key -> key.matches("--(events|checkpoints|public-key|chain-key)"))
                || !options.containsKey("--events")
                || !options.containsKey("--checkpoints")
                || !options.containsKey("--public-key")) {
            err.println(USAGE);
            return 2;
        }
        try {
            OfflineVerifier verifier = OfflineVerifier.fromFiles(
                    Path.of(options.get("--public-key")),
                    options.containsKey("--chain-key") ? Path.of(options.get("--chain-key")) : null,
                    range);
            return verifier.verify(Path.of(options.get("--events")), Path.of(options.get("--checkpoints")), out)
                    ? 0
                    : 1;
        } catch (Exception ex) {
            err.println("verify-audit: " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
            return 2;
        }
    }
}
