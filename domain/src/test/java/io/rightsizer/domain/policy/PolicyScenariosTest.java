package io.rightsizer.domain.policy;

import io.rightsizer.domain.cost.Architecture;
import io.rightsizer.domain.cost.CostModel;
import io.rightsizer.domain.usage.DailyUsage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The default policy against the readable table of scenarios in {@code policy/scenarios.csv}. */
class PolicyScenariosTest {

    private static final int INVOCATIONS_PER_DAY = 50;
    private final SizingPolicy policy = new SizingPolicy(PolicySettings.DEFAULTS, new CostModel(Architecture.ARM64));

    static Stream<Arguments> scenarios() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                PolicyScenariosTest.class.getResourceAsStream("/policy/scenarios.csv"), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\\|");
                out.add(Arguments.of(f[0].strip(), Integer.parseInt(f[1].strip()), f[2].strip(),
                        DecisionKind.valueOf(f[3].strip()), Integer.parseInt(f[4].strip())));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void decidesAsTheScenarioSays(String scenario, int sizeMb, String maxima, DecisionKind kind, int recommendedMb) {
        List<DailyUsage> window = new ArrayList<>();
        LocalDate day = LocalDate.parse("2026-11-01");
        for (String max : maxima.split("\\s+")) {
            boolean oom = max.equalsIgnoreCase("x");
            int used = oom ? sizeMb : Integer.parseInt(max);
            long invocations = maxima.split("\\s+").length == 1 ? 10_000 : INVOCATIONS_PER_DAY;
            long outOfMemory = max.equals("X") ? invocations : oom ? 1 : 0;
            window.add(new DailyUsage("fn", day, used, sizeMb, invocations, outOfMemory, 0, outOfMemory,
                    invocations * 100, invocations * 90.0, 0, null));
            day = day.plusDays(1);
        }

        Decision d = policy.decide(window);

        assertThat(d.kind()).as(d.reason()).isEqualTo(kind);
        assertThat(d.recommendedMemoryMb()).as(d.reason()).isEqualTo(recommendedMb);
        assertThat(d.reason()).isNotBlank();
    }
}
