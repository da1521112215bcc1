package io.keywarden;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each table has one owning module (docs/architecture.md#modules), and no other module's SQL names it: others go
 * through the owner's API. Spring Modulith sees types, not SQL, so this reads the sources: every
 * string literal and text block that names a table after a SQL keyword must belong to the module
 * that owns the table.
 */
class TableOwnershipTests {

    /** Every table of the schema, and the module that owns it. */
    static final Map<String, String> OWNERS = Map.ofEntries(
            Map.entry("access_key", "accesskey"),
            Map.entry("client_seal_key", "identity"),
            Map.entry("issuance", "issuance"),
            Map.entry("ambiguous_orphan", "issuance"),
            Map.entry("ambiguous_orphan_candidate", "issuance"),
            Map.entry("sealed_successor", "issuance"),
            Map.entry("audit_event", "audit"),
            Map.entry("audit_checkpoint", "audit"),
            Map.entry("audit_loss", "audit"),
            Map.entry("job_run", "jobs"),
            Map.entry("shedlock", "jobs"),
            Map.entry("revocation", "revocation"),
            Map.entry("revocation_key", "revocation"),
            Map.entry("event_publication", "events"),
            Map.entry("webhook_delivery", "webhooks"),
            Map.entry("webhook_attempt", "webhooks"),
            Map.entry("webhook_subscription_disabled", "webhooks"),
            Map.entry("webhook_subscription", "webhooks"));

    private static final Path SOURCES = Path.of("src/main/java/io/keywarden");
    private static final Pattern LITERAL =
            Pattern.compile("\"\"\"(.*?)\"\"\"|\"((?:[^\"\\\\\\n]|\\\\.)*)\"", Pattern.DOTALL);
    private static final Pattern TABLE_IN_SQL = Pattern.compile(
            "(?i)\\b(?:from|join|into|update|table|exists)\\s+(?:only\\s+)?(\\w+)", Pattern.CASE_INSENSITIVE);

    @Test
    void everyModuleNamesOnlyItsOwnTables() throws IOException {
        List<String> trespasses = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(file -> file.toString().endsWith(".java"))
                    .forEach(file -> trespasses.addAll(trespasses(moduleOf(file), file.toString(), read(file))));
        }

        assertThat(trespasses).isEmpty();
    }

    @Test
    void everyTableOfTheSchemaHasAnOwner() throws IOException {
        try (Stream<Path> migrations = Files.list(Path.of("src/main/resources/db/migration"))) {
            List<String> created = migrations
                    .map(TableOwnershipTests::read)
                    .flatMap(sql -> Pattern.compile("(?i)create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?(\\w+)")
                            .matcher(sql)
                            .results()
                            .map(match -> match.group(1).toLowerCase()))
                    .toList();

            assertThat(OWNERS.keySet()).containsAll(created);
        }
    }

    @Test
    void aModuleNamingAnotherModulesTableIsCaught() {
        String reconciler = "jdbc.queryForObject(\"SELECT EXISTS (SELECT 1 FROM issuance WHERE user_name = ?)\");";
        String records = "String sql = \"\"\"\n    INSERT INTO audit_event (actor) VALUES (?)\n    \"\"\";";

        assertThat(trespasses("reconciliation", "UserReconciler.java", reconciler))
                .containsExactly("UserReconciler.java (module reconciliation) names issuance, owned by issuance");
        assertThat(trespasses("accesskey", "Event.java", records))
                .containsExactly("Event.java (module accesskey) names audit_event, owned by audit");
        assertThat(trespasses("issuance", "ReconciliationStore.java", reconciler))
                .isEmpty();
    }

    static List<String> trespasses(String module, String file, String source) {
        List<String> found = new ArrayList<>();
        Matcher literal = LITERAL.matcher(source);
        while (literal.find()) {
            String text = literal.group(1) != null ? literal.group(1) : literal.group(2);
            TABLE_IN_SQL.matcher(text).results().forEach(match -> check(module, file, match.group(1), found));
        }
        return found;
    }

    private static void check(String module, String file, String name, List<String> found) {
        String owner = OWNERS.get(name.toLowerCase());
        if (owner != null && !owner.equals(module)) {
            found.add(file + " (module " + module + ") names " + name + ", owned by " + owner);
        }
    }

    private static String moduleOf(Path file) {
        return SOURCES.relativize(file).getName(0).toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
