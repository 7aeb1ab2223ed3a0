package dev.checkoutsaga.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    private static final String TEXT = """
            # HELP ft_invocations_total The number of times the method was called
            # TYPE ft_invocations_total counter
            ft_invocations_total{fallback="notDefined",method="a.B.charge",result="valueReturned"} 3.0 # {span_id="1",trace_id="2"} 1.0 1796282945.766
            ft_invocations_total{fallback="notDefined",method="a.B.charge",result="exceptionThrown"} 2.0
            ft_invocations_total{fallback="notDefined",method="a.B.refund",result="valueReturned"} 7.0
            payment_refunds_failed 1.0
            payment_refunds_failed_other 9.0
            """;

    @Test
    void sumsTheSamplesWhoseLabelsMatchIgnoringExemplars() {
        assertEquals(5.0, PrometheusText.sum(TEXT, "ft_invocations_total", "method=\"a.B.charge\""));
        assertEquals(3.0, PrometheusText.sum(TEXT, "ft_invocations_total", "method=\"a.B.charge\"",
                "result=\"valueReturned\""));
        assertEquals(12.0, PrometheusText.sum(TEXT, "ft_invocations_total"));
    }

    @Test
    void readsAMetricWithoutLabelsAndNotOneThatOnlySharesItsPrefix() {
        assertEquals(1.0, PrometheusText.sum(TEXT, "payment_refunds_failed"));
        assertEquals(0.0, PrometheusText.sum(TEXT, "payment_refunds"));
    }
}
