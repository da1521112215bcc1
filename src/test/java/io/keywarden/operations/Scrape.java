package io.keywarden.operations;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One Prometheus text exposition, read into series and values. */
record Scrape(Map<String, Double> series) {

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+).*$");

    static Scrape of(String text) {
        Map<String, Double> series = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (!line.startsWith("#") && m.matches()) {
                series.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
            }
        }
        return new Scrape(series);
    }

    /** Metric names without labels. */
    Set<String> names() {
        Set<String> names = new TreeSet<>();
        series.keySet().forEach(key -> names.add(key.replaceFirst("\\{.*", "")));
        return names;
    }

    /** The sum of the values of every series of that name carrying all these labels ("k=v"). */
    double sum(String name, String... labels) {
        return series.entrySet().stream()
                .filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
                .filter(e -> hasAll(e.getKey(), labels))
                .mapToDouble(Map.Entry::getValue)
                .sum();
    }

    boolean has(String name, String... labels) {
        return series.keySet().stream()
                .anyMatch(key -> (key.equals(name) || key.startsWith(name + "{")) && hasAll(key, labels));
    }

    private static boolean hasAll(String key, String... labels) {
        for (String label : labels) {
            String[] kv = label.split("=", 2);
            if (!key.contains(kv[0] + "=\"" + kv[1] + "\"")) {
                return false;
            }
        }
        return true;
    }
}
