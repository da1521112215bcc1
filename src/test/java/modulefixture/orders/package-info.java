/** Declares that it depends on nothing, and then uses billing. */
@ApplicationModule(allowedDependencies = {})
package modulefixture.orders;

import org.springframework.modulith.ApplicationModule;
