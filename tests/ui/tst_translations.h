#pragma once

#include <QObject>
#include <QTemporaryDir>
#include <memory>

namespace ekn {
class MainWindow;
}

// The desktop app in German and in English: the real main window, real dialogs, core's
// messages coming back from the library thread, and the real eknmusic binary started with a
// German or English environment.
class TestTranslations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void germanLocaleTranslatesTheMainWindowAndQtsOwnButtons();
    void germanMenusAndDialogsHaveNoClashingAccelerators();
    void coreMessagesFromAnImportArriveInGerman();
    void englishAndCLocalesKeepTheEnglishText();
    void countedTextsUseTheLanguagesPluralForms();
    void theAppFollowsTheSystemLanguage();
    void aboutAndVersionShowTheCMakeVersion();

private:
    std::unique_ptr<ekn::MainWindow> openWindow();

    std::unique_ptr<QTemporaryDir> m_data;
};
