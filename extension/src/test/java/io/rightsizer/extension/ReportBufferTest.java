package io.rightsizer.extension;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The bounded buffer never grows past its capacity and always sacrifices the oldest reports. */
class ReportBufferTest {

    private final Counters counters = new Counters();
    private final ReportBuffer buffer = new ReportBuffer(3, counters);

    @Test
    void whenFullDropsTheOldestAndCountsIt() {
        for (String r : List.of("r1", "r2", "r3", "r4", "r5")) {
            buffer.add(r);
        }

        assertThat(buffer.take(10)).containsExactly("r3", "r4", "r5");
        assertThat(counters.dropped.get()).isEqualTo(2);
    }

    @Test
    void unsentReportsGoBackInFrontAndStillRespectTheCapacity() {
        buffer.add("r1");
        buffer.add("r2");
        List<String> inFlight = buffer.take(2);
        buffer.add("r3");
        buffer.add("r4");

        buffer.putBack(inFlight);

        assertThat(buffer.size()).isEqualTo(3);
        assertThat(buffer.take(10)).containsExactly("r2", "r3", "r4");
        assertThat(counters.dropped.get()).isEqualTo(1);
    }
}
