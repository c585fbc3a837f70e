#pragma once

#include <QTest>

// Runs several test classes in one executable (few executables keep the build and the run
// short). Usage: EKN_TEST_MAIN(QCoreApplication, TestA, TestB)
namespace ekn::test {
template <typename Suite>
int runSuite(int argc, char **argv)
{
    Suite suite;
    return QTest::qExec(&suite, argc, argv);
}

template <typename... Suites>
int runSuites(int argc, char **argv)
{
    int failures = 0;
    ((failures += runSuite<Suites>(argc, argv)), ...);
    return failures;
}
} // namespace ekn::test

#define EKN_TEST_MAIN(AppClass, ...)                                                              \
    int main(int argc, char **argv)                                                               \
    {                                                                                             \
        AppClass app(argc, argv);                                                                 \
        app.setAttribute(Qt::AA_Use96Dpi, true);                                                  \
        QTEST_SET_MAIN_SOURCE_PATH                                                                \
        return ekn::test::runSuites<__VA_ARGS__>(argc, argv);                                     \
    }
