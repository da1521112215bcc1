package io.keywarden.platform.web.internal;

import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * What Tomcat must do before keywarden sees a request. Key ids are the gateway's public keys,
 * standard Base64 with {@code /}, so a caller sends one as a single path segment with {@code %2F}:
 * Tomcat keeps that (and {@code %25}) encoded instead of refusing it, and Spring decodes the path
 * variable itself, so an encoded slash never becomes a path separator. A request Tomcat refuses
 * on its own (bad encoding, bad request line, headers too large) answers a problem detail like
 * every other error, never the container's HTML page.
 */
@Configuration(proxyBeanMethods = false)
class ContainerConfiguration {

    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> encodedSlashesAndProblemErrors() {
        return new TomcatCustomizer();
    }

    /** Runs after Boot's own customizer, which adds an HTML error report valve of its own. */
    private static final class TomcatCustomizer
            implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

        @Override
        public void customize(ConfigurableTomcatWebServerFactory factory) {
            factory.addConnectorCustomizers(
                    connector -> connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue()));
            factory.addContextCustomizers(context -> useProblemReports(context.getParent()));
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }

        private static void useProblemReports(Container host) {
            if (host instanceof StandardHost standard) {
                standard.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
            for (Valve valve : host.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve) {
                    host.getPipeline().removeValve(valve);
                }
            }
            host.getPipeline().addValve(new ProblemErrorReportValve());
        }
    }
}
