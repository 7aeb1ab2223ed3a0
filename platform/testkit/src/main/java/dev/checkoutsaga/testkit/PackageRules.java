package dev.checkoutsaga.testkit;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The one package layout of the four services, checked on their compiled classes (ArchUnit), so that
 * a dependency that breaks it fails the build of that service:
 * <ul>
 * <li>the service's packages ({@code api}, {@code messaging}, {@code persistence}, {@code domain}...)
 * depend on each other without cycles;</li>
 * <li>{@code domain}, the service's saga rules in plain Java, depends on no other package of the
 * service;</li>
 * <li>nothing depends on {@code api}, the REST layer: what a REST resource and a message handler
 * share (a read model, a use case) lives in a package below both.</li>
 * </ul>
 * The service's root package (native-image registrations) may name any of its classes.
 */
public final class PackageRules {
    private PackageRules() {
    }

    /** Fails (AssertionError naming each offending dependency) when {@code basePackage}'s classes break a rule. */
    public static void check(String basePackage) {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(basePackage);
        slices().matching(basePackage + ".(*)..").should().beFreeOfCycles().check(classes);
        noClasses().that().resideInAPackage(basePackage + ".domain..")
                .should().dependOnClassesThat(resideInAPackage(basePackage + "..").and(not(resideInAPackage(basePackage + ".domain.."))))
                .because("the saga rules are plain Java that the rest of the service applies")
                .check(classes);
        noClasses().that().resideOutsideOfPackages(basePackage + ".api..", basePackage)
                .should().dependOnClassesThat().resideInAPackage(basePackage + ".api..")
                .because("the REST layer is the top: a handler or a job must not need it")
                .check(classes);
    }
}
