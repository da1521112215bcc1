package io.keywarden.console.internal;

import java.time.Duration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.VersionResourceResolver;

/**
 * Serves the console's stylesheet, script and icon under names that carry a hash of their
 * content, cached for a year: a changed file gets a new name, so no browser keeps an old one.
 * Serves the icon at {@code /favicon.ico} too, where browsers look for it unasked, and sends a
 * browser opening {@code /} to the console ({@link BrowserRoot}).
 */
@Configuration(proxyBeanMethods = false)
class ConsoleWebConfiguration implements WebMvcConfigurer {

    static final String FAVICON = "/favicon.ico";

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/console/assets/**")
                .addResourceLocations("classpath:/console/assets/")
                .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic())
                .resourceChain(true)
                .addResolver(new VersionResourceResolver().addContentVersionStrategy("/**"));
        registry.addResourceHandler(FAVICON)
                .addResourceLocations("classpath:/console/assets/")
                .setCacheControl(CacheControl.maxAge(Duration.ofDays(1)).cachePublic());
    }

    @Bean
    FilterRegistrationBean<BrowserRoot> browserRoot() {
        var registration = new FilterRegistrationBean<>(new BrowserRoot());
        registration.addUrlPatterns(BrowserRoot.ROOT);
        // Ahead of security, so a browser is sent on before the API's chain refuses it.
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1);
        return registration;
    }
}
