package modulefixture;

import org.springframework.modulith.Modulithic;

/**
 * Two modules where one uses the other without declaring it: what {@code ModularityTests} must
 * see refused, so that a dependency keywarden's modules do not declare cannot pass unnoticed.
 */
@Modulithic
public class FixtureApplication {}
