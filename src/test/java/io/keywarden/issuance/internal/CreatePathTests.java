package io.keywarden.issuance.internal;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Component;

/**
 * The create path is a straight line: followed from {@link IssuanceController}, it enters each class
 * of the issuance module once, and never comes back into one it has left.
 *
 * <p>The steps of the path are the module's beans, and the steps after a step are the beans of the
 * module it is given (its constructor's parameters; an interface stands for the bean that
 * implements it). Two steps that are given the same third can both enter it on one request, as
 * the intent's store was entered by the claim in transaction 1 and again by the record in
 * transaction 2; so each step of the path is given to exactly one step before it. Values handed
 * along (the request, the claim, the answer) and pure functions (the fingerprint, the claim's
 * decision) are not steps. Other modules are entered through their API, and are not followed.
 *
 * <p>A class that calls back into one that called it (directly, through a class between them, or
 * from a lambda, whose body is its class's own code) makes a cycle between classes; there is none
 * in the module. A callback handed to another class and run there cannot be seen this way: that is
 * left to reading {@link IssuanceProtocol}.
 */
class CreatePathTests {

    private static final JavaClasses MODULE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.keywarden.issuance");

    @Test
    void everyStepOfTheCreatePathIsEnteredFromOneStepOnly() {
        Map<JavaClass, Set<JavaClass>> enteredFrom = stepsEnteredFrom(MODULE.get(IssuanceController.class));

        assertThat(enteredFrom.keySet())
                .as("the path reaches the record")
                .contains(MODULE.get(IssuanceProtocol.class), MODULE.get(IssuanceRecorder.class));
        Map<String, List<String>> enteredTwice = new TreeMap<>();
        enteredFrom.forEach((step, from) -> {
            if (from.size() > 1) {
                enteredTwice.put(step.getSimpleName(), names(from));
            }
        });
        assertThat(enteredTwice)
                .as("steps entered by more than one step of the path")
                .isEmpty();
    }

    @Test
    void noClassOfTheModuleCallsBackIntoOneThatCallsIt() {
        slices().assignedFrom(TOP_LEVEL_CLASSES).should().beFreeOfCycles().check(MODULE);
    }

    /** Each step reached from {@code start}, with the steps that are given it. */
    private static Map<JavaClass, Set<JavaClass>> stepsEnteredFrom(JavaClass start) {
        Map<JavaClass, Set<JavaClass>> enteredFrom = new LinkedHashMap<>();
        Deque<JavaClass> next = new ArrayDeque<>(List.of(start));
        Set<JavaClass> seen = new LinkedHashSet<>(List.of(start));
        while (!next.isEmpty()) {
            JavaClass step = next.removeFirst();
            for (JavaClass given : stepsGiven(step)) {
                enteredFrom.computeIfAbsent(given, key -> new LinkedHashSet<>()).add(step);
                if (seen.add(given)) {
                    next.addLast(given);
                }
            }
        }
        return enteredFrom;
    }

    /** The module's beans a step is given, an interface resolved to the bean that implements it. */
    private static Set<JavaClass> stepsGiven(JavaClass step) {
        Set<JavaClass> given = new LinkedHashSet<>();
        for (JavaConstructor constructor : step.getConstructors()) {
            for (JavaClass parameter : constructor.getRawParameterTypes()) {
                implementations(parameter).forEach(given::add);
            }
        }
        return given;
    }

    private static Stream<JavaClass> implementations(JavaClass type) {
        if (!MODULE.contain(type.getName())) {
            return Stream.empty();
        }
        return MODULE.stream()
                .filter(CreatePathTests::isBean)
                .filter(candidate -> candidate.isAssignableTo(type.getName()));
    }

    private static boolean isBean(JavaClass type) {
        return type.isAnnotatedWith(Component.class) || type.isMetaAnnotatedWith(Component.class);
    }

    private static List<String> names(Set<JavaClass> classes) {
        return classes.stream().map(JavaClass::getSimpleName).toList();
    }

    /** One slice per top-level class: a nested class, and a lambda's body, belong to their class. */
    private static final SliceAssignment TOP_LEVEL_CLASSES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass type) {
            if (!type.getPackageName().startsWith("io.keywarden.issuance")) {
                return SliceIdentifier.ignore();
            }
            JavaClass outermost = type;
            while (outermost.getEnclosingClass().isPresent()) {
                outermost = outermost.getEnclosingClass().get();
            }
            return SliceIdentifier.of(outermost.getName());
        }

        @Override
        public String getDescription() {
            return "the classes of the issuance module";
        }
    };
}
