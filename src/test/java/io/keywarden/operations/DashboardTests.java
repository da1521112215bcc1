package io.keywarden.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.support.Api;
import io.keywarden.support.KeywardenTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboard and the Prometheus alert rules query only metrics keywarden exports: a
 * renamed meter would otherwise leave an empty panel or an alert that can never fire.
 */
@KeywardenTest
class DashboardTests {

    private static final Pattern METRIC = Pattern.compile("\\b((?:keywarden|http_server)_[a-z0-9_]+)");

    @Value("${server.port}")
    int port;

    @Test
    void everyMetricTheDashboardQueriesIsExported() throws IOException {
        JsonNode dashboard =
                JsonMapper.shared().readTree(Files.readString(Path.of("ops/grafana/dashboards/keywarden.json")));
        Set<String> queried = new TreeSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queried.addAll(metricsIn(target.get("expr").asString()));
            }
        }

        assertThat(queried).hasSizeGreaterThan(10);
        assertThat(exported()).containsAll(queried);
    }

    @Test
    void everyMetricTheAlertRulesQueryIsExported() throws IOException {
        Set<String> queried = metricsIn(Files.readString(Path.of("ops/prometheus/alerts.yml")));

        assertThat(queried).hasSizeGreaterThan(5);
        assertThat(exported()).containsAll(queried);
    }

    /** Every metric name after one of each kind of event, so counters with tags exist. */
    private Set<String> exported() {
        Api api = new Api(port);
        String user = "team-" + UUID.randomUUID().toString().substring(0, 12);
        String key = "idem-" + UUID.randomUUID();
        api.createKey(Api.ISSUER, key, user);
        api.createKey(Api.ISSUER, key, user);
        api.call("POST", "/admin/v1/jobs/audit-verification/runs")
                .token(Api.ADMIN)
                .send();
        Api.Answer answer =
                api.call("GET", "/actuator/prometheus").token(Api.ADMIN).send();
        return Scrape.of(answer.body()).names();
    }

    private static Set<String> metricsIn(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
