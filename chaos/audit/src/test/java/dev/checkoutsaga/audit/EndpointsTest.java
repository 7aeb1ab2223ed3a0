package dev.checkoutsaga.audit;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.checkoutsaga.events.SagaMap;

/**
 * Where the audit finds each saga service: its own CHECKOUT_&lt;NAME&gt;_URL, else the template (a
 * cluster's Services), else the local stack's port; a participant added to the saga needs no code here.
 */
class EndpointsTest {
    private static final List<String> WITH_FRAUD = List.of("order-service", "inventory-service", "payment-service",
            "shipping-service", "fraud-service");

    @Test
    void everySagaServiceOfTheContractHasAUrlByDefault() {
        Endpoints e = Endpoints.fromEnv(Map.of());
        assertEquals(SagaMap.SERVICES, List.copyOf(e.services().keySet()));
        assertEquals(Endpoints.local(), e);
        assertEquals("http://localhost:8080", e.order());
        assertEquals("http://localhost:8083", e.services().get("shipping-service"));
        assertEquals("http://localhost:8090", e.sandbox());
    }

    @Test
    void aServicesOwnVariableWinsOverTheTemplateWhichWinsOverTheLocalPort() {
        Endpoints e = Endpoints.fromEnv(Map.of(Endpoints.URL_TEMPLATE, "http://{service}.checkout:8080",
                "CHECKOUT_PAYMENT_URL", "http://payments.example:9000", "CHECKOUT_FRAUD_URL", "http://fraud.example"), WITH_FRAUD);
        assertEquals("http://order-service.checkout:8080", e.order());
        assertEquals("http://inventory-service.checkout:8080", e.services().get("inventory-service"));
        assertEquals("http://payments.example:9000", e.payment());
        assertEquals("http://payments.example:9000", e.services().get("payment-service"));
        assertEquals("http://fraud.example", e.services().get("fraud-service"));
        assertEquals(WITH_FRAUD, List.copyOf(e.services().keySet()));
    }

    @Test
    void aNewParticipantIsReadThroughTheTemplateAlone() {
        Endpoints e = Endpoints.fromEnv(Map.of(Endpoints.URL_TEMPLATE, "http://{service}:8080"), WITH_FRAUD);
        assertEquals("http://fraud-service:8080", e.services().get("fraud-service"));
    }

    @Test
    void withoutTemplateOrVariableANewParticipantHasNoUrl() {
        assertFalse(Endpoints.fromEnv(Map.of(), WITH_FRAUD).services().containsKey("fraud-service"));
    }

    @Test
    void theSixUrlConstructorNamesTheFourServicesAndAParticipantCanBeAdded() {
        Endpoints e = new Endpoints("o", "i", "p", "s", "sb", "iss");
        assertEquals(Map.of("order-service", "o", "inventory-service", "i", "payment-service", "p", "shipping-service", "s"),
                e.services());
        Endpoints more = e.withService("fraud-service", "f").withService("order-service", "o2");
        assertEquals("f", more.services().get("fraud-service"));
        assertEquals("o2", more.order());
        assertEquals("o2", more.services().get("order-service"));
        assertEquals("sb", more.sandbox());
        assertEquals("iss", more.issuer());
    }

    @Test
    void theVariableOfAServiceIsItsNameWithoutService() {
        assertEquals("CHECKOUT_ORDER_URL", Endpoints.envName("order-service"));
        assertEquals("CHECKOUT_FRAUD_URL", Endpoints.envName("fraud-service"));
        assertEquals("CHECKOUT_GIFT_CARD_URL", Endpoints.envName("gift-card-service"));
    }

    @Test
    void theCommandLineHasAUrlOptionForEverySagaService() {
        Map<String, String> s = AuditMain.settings(Map.of("CHECKOUT_ORDER_URL", "env"),
                new String[] {"--order-url", "o", "--fraud-url", "f", "--service-url-template", "t/{service}",
                        "--sandbox-url", "sb", "--quiet-timeout", "5"}, WITH_FRAUD);
        assertEquals("o", s.get("CHECKOUT_ORDER_URL"));
        assertEquals("f", s.get("CHECKOUT_FRAUD_URL"));
        assertEquals("t/{service}", s.get(Endpoints.URL_TEMPLATE));
        assertEquals("sb", s.get("CHECKOUT_SANDBOX_URL"));
        assertEquals("5", s.get("CHECKOUT_AUDIT_QUIET_TIMEOUT"));
        assertThrows(IllegalArgumentException.class, () -> AuditMain.settings(Map.of(), new String[] {"--fraud-url", "f"},
                SagaMap.SERVICES));
    }
}
