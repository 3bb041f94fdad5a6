package io.rightsizer.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/** The modules' shape, checked on their compiled classes: the domain and the log readers know no AWS, no cycles. */
class ArchitectureTest {

    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.rightsizer");
    }

    @Test
    void everyModuleIsImported() {
        assertThat(production.containPackage("io.rightsizer.domain")).isTrue();
        assertThat(production.containPackage("io.rightsizer.logs")).isTrue();
        assertThat(production.containPackage("io.rightsizer.aws.dynamodb")).isTrue();
        assertThat(production.containPackage("io.rightsizer.aws.lambda")).isTrue();
        assertThat(production.containPackage("io.rightsizer.aws.logs")).isTrue();
        assertThat(production.containPackage("io.rightsizer.aws.cloudwatch")).isTrue();
        assertThat(production.containPackage("io.rightsizer.ingest")).isTrue();
        assertThat(production.containPackage("io.rightsizer.evaluate")).isTrue();
        assertThat(production.containPackage("io.rightsizer.apply")).isTrue();
        assertThat(production.containPackage("io.rightsizer.cli")).isTrue();
        assertThat(production.containPackage("io.rightsizer.cdk")).isTrue();
        assertThat(production.containPackage("io.rightsizer.demo")).isTrue();
    }

    @Test
    void whatIsDeployedKnowsNeitherTheDemoNorTheLocalStandIns() {
        // The demo and the end-to-end test run the handlers as deployed: no handler may take a path of its own there.
        noClasses().that().resideInAnyPackage("io.rightsizer.domain..", "io.rightsizer.logs..", "io.rightsizer.aws..",
                        "io.rightsizer.ingest..", "io.rightsizer.evaluate..", "io.rightsizer.apply..",
                        "io.rightsizer.function..", "io.rightsizer.cli..", "io.rightsizer.cdk..")
                .should().dependOnClassesThat().resideInAnyPackage("io.rightsizer.demo..", "io.rightsizer.testing..")
                .check(production);
    }

    @Test
    void theDomainDependsOnTheJavaPlatformAlone() {
        noClasses().that().resideInAPackage("io.rightsizer.domain..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.rightsizer.domain..", "java..")
                .check(production);
    }

    @Test
    void theLogReadersUseNothingFromTheAwsSdkOrTheLambdaLibraries() {
        noClasses().that().resideInAPackage("io.rightsizer.logs..")
                .should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "com.amazonaws..")
                .check(production);
    }

    @Test
    void theDomainAndTheLogReadersKnowNoAdapterAndNoFunction() {
        noClasses().that().resideInAnyPackage("io.rightsizer.domain..", "io.rightsizer.logs..")
                .should().dependOnClassesThat().resideInAnyPackage("io.rightsizer.aws..", "io.rightsizer.ingest..",
                        "io.rightsizer.evaluate..", "io.rightsizer.apply..", "io.rightsizer.cli..",
                        "io.rightsizer.cdk..", "io.rightsizer.function..")
                .check(production);
    }

    @Test
    void adaptersKnowNoFunctionAndNoCommand() {
        noClasses().that().resideInAPackage("io.rightsizer.aws..")
                .should().dependOnClassesThat().resideInAnyPackage("io.rightsizer.ingest..",
                        "io.rightsizer.evaluate..", "io.rightsizer.apply..", "io.rightsizer.cli..",
                        "io.rightsizer.cdk..")
                .check(production);
    }

    @Test
    void theCdkAppReadsTheDomainButNoAdapter() {
        noClasses().that().resideInAPackage("io.rightsizer.cdk..")
                .should().dependOnClassesThat().resideInAnyPackage("io.rightsizer.aws..", "io.rightsizer.logs..")
                .check(production);
    }

    @Test
    void noPackageDependsOnItselfThroughAnother() {
        slices().matching("io.rightsizer.(**)").should().beFreeOfCycles().check(production);
    }
}
