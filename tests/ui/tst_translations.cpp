#include "tst_translations.h"

#include "audiofixture.h"
#include "windowfixture.h"
#include "eknmusic/version.h"
#include "mainwindow.h"
#include "scanerrorsdialog.h"
#include "statusarea.h"
#include "tageditordialog.h"
#include "testsupport.h"
#include "trackmodel.h"
#include "trackview.h"
#include "translations.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QFile>
#include <QLabel>
#include <QLibraryInfo>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QXmlStreamReader>

using namespace ekn;
using namespace ekn::test;

namespace {
const QLocale kGerman(QLocale::German, QLocale::Germany);

QStringList menuTitles(const MainWindow &w)
{
    QStringList out;
    const QList<QAction *> actions = w.menuBar()->actions();
    for (const QAction *a : actions)
        out << a->text();
    return out;
}

// The accelerator letter of a "&File" style text (lower case), or a null QChar.
QChar accelerator(const QString &text)
{
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('&'))
            continue;
        if (text.at(i + 1) == QLatin1Char('&')) {
            ++i; // "&&" is a literal ampersand
            continue;
        }
        return text.at(i + 1).toLower();
    }
    return {};
}

// Fails with the clashing texts when two of them share an accelerator.
QString clashes(const QStringList &texts)
{
    QHash<QChar, QString> seen;
    for (const QString &t : texts) {
        const QChar c = accelerator(t);
        if (c.isNull())
            continue;
        if (seen.contains(c))
            return QStringLiteral("\"%1\" and \"%2\" both use &%3").arg(seen.value(c), t, c);
        seen.insert(c, t);
    }
    return {};
}

// Every label and button text a dialog shows (what Alt+letter can reach).
QStringList dialogTexts(const QWidget *dialog)
{
    QStringList out;
    const QList<QLabel *> labels = dialog->findChildren<QLabel *>();
    for (const QLabel *l : labels)
        if (l->buddy())
            out << l->text();
    const QList<QAbstractButton *> buttons = dialog->findChildren<QAbstractButton *>();
    for (const QAbstractButton *b : buttons)
        out << b->text();
    return out;
}

void dropFolder(QWidget *target, const QString &folder)
{
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(folder)});
    const QPoint pos = target->rect().center();
    QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    QDropEvent drop(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &drop);
}

struct CountedText
{
    QString context;
    QString source;
};

// The "%n ..." strings, from the English plural catalog that lupdate keeps up to date.
QList<CountedText> countedTexts()
{
    QList<CountedText> out;
    QFile f(QStringLiteral(EKN_SOURCE_DIR "/resources/translations/eknmusic_en.ts"));
    if (!f.open(QIODevice::ReadOnly))
        return out;
    QXmlStreamReader xml(&f);
    QString context;
    while (!xml.atEnd()) {
        if (!xml.readNextStartElement())
            continue;
        if (xml.name() == QLatin1String("name"))
            context = xml.readElementText();
        else if (xml.name() == QLatin1String("source"))
            out.append({context, xml.readElementText()});
    }
    return out;
}

QProcessEnvironment languageEnvironment(const QString &lang, const QString &language = {})
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"LC_ALL", "LC_MESSAGES", "LANGUAGE", "LANG"})
        env.remove(QString::fromLatin1(name));
    env.insert(QStringLiteral("LANG"), lang);
    if (!language.isEmpty())
        env.insert(QStringLiteral("LANGUAGE"), language);
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    return env;
}
} // namespace

void TestTranslations::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("EKNMusicTest"));
    QCoreApplication::setApplicationName(QStringLiteral("test_ui"));
    QVERIFY2(Translations::available().contains(QStringLiteral("de")),
             qPrintable(Translations::available().join(QLatin1Char(','))));
}

void TestTranslations::init()
{
    QSettings().clear();
    m_data = std::make_unique<QTemporaryDir>();
    QVERIFY(m_data->isValid());
}

void TestTranslations::cleanup()
{
    // Back to English for whatever runs next in this executable.
    Translations::install(*QCoreApplication::instance(), QLocale::c());
    m_data.reset();
}

void TestTranslations::cleanupTestCase()
{
    Translations::install(*QCoreApplication::instance(), QLocale::c());
}

std::unique_ptr<MainWindow> TestTranslations::openWindow()
{
    return openShownWindow(m_data->path(), QSize(1000, 640));
}

void TestTranslations::germanLocaleTranslatesTheMainWindowAndQtsOwnButtons()
{
    QCOMPARE(Translations::install(*QCoreApplication::instance(), kGerman), QStringLiteral("de"));
    auto w = openWindow();
    QCOMPARE(menuTitles(*w),
             (QStringList{QStringLiteral("&Datei"), QStringLiteral("&Bearbeiten"),
                          QStringLiteral("&Wiedergabe"), QStringLiteral("Wiedergabe&listen"),
                          QStringLiteral("&Hilfe")}));
    const QList<QAction *> fileMenu = w->menuBar()->actions().first()->menu()->actions();
    QCOMPARE(fileMenu.first()->text(), QStringLiteral("Ordner &hinzuf\u00fcgen..."));
    QCOMPARE(w->trackModel()
                 ->headerData(TrackModel::TitleColumn, Qt::Horizontal, Qt::DisplayRole)
                 .toString(),
             QStringLiteral("Titel"));
    QCOMPARE(w->trackModel()
                 ->headerData(TrackModel::ArtistColumn, Qt::Horizontal, Qt::DisplayRole)
                 .toString(),
             QStringLiteral("Interpret"));
    QTRY_VERIFY(w->isShowingEmptyState());
    const auto *title = w->findChild<QLabel *>(QStringLiteral("emptyStateTitle"));
    QVERIFY(title);
    QCOMPARE(title->text(),
             QStringLiteral("Ziehen Sie einen Musikordner hierher, um Ihre Bibliothek anzulegen"));
    QCOMPARE(w->findChild<QPushButton *>(QStringLiteral("emptyStateAddFolder"))->text(),
             QStringLiteral("Ordner hinzuf\u00fcgen..."));
    const QString shots = QDir::current().absoluteFilePath(QStringLiteral("screenshots"));
    QDir().mkpath(shots);
    w->grab().save(shots + QStringLiteral("/main-window-de.png"));

    // Qt's own strings come from Qt's German catalog (qt6-translations-l10n).
    const QString qtCatalog = QDir(QLibraryInfo::path(QLibraryInfo::TranslationsPath))
                                  .filePath(QStringLiteral("qtbase_de.qm"));
    QVERIFY2(QFile::exists(qtCatalog),
             qPrintable(qtCatalog + QStringLiteral(" is missing: install qt6-translations-l10n")));
    QDialogButtonBox box(QDialogButtonBox::Cancel | QDialogButtonBox::Save);
    QCOMPARE(box.button(QDialogButtonBox::Cancel)->text().remove(QLatin1Char('&')),
             QStringLiteral("Abbrechen"));
    QCOMPARE(box.button(QDialogButtonBox::Save)->text().remove(QLatin1Char('&')),
             QStringLiteral("Speichern"));
}

void TestTranslations::germanMenusAndDialogsHaveNoClashingAccelerators()
{
    QCOMPARE(Translations::install(*QCoreApplication::instance(), kGerman), QStringLiteral("de"));
    auto w = openWindow();
    const QStringList titles = menuTitles(*w);
    QVERIFY2(clashes(titles).isEmpty(), qPrintable(clashes(titles)));
    const QList<QAction *> menus = w->menuBar()->actions();
    for (const QAction *m : menus) {
        QStringList items;
        const QList<QAction *> actions = m->menu()->actions();
        for (const QAction *a : actions) {
            if (a->isSeparator())
                continue;
            items << a->text();
            // Every entry with a letter in English keeps one in German.
            QVERIFY2(!accelerator(a->text()).isNull() || !a->text().contains(QLatin1Char('&')),
                     qPrintable(a->text()));
        }
        QVERIFY2(clashes(items).isEmpty(),
                 qPrintable(m->text() + QStringLiteral(": ") + clashes(items)));
    }

    Track t;
    t.id = QStringLiteral("t1");
    t.title = QStringLiteral("Borealis");
    t.format = QStringLiteral("ogg");
    TagEditorDialog editor({t});
    editor.show();
    editor.grab().save(
        QDir::current().absoluteFilePath(QStringLiteral("screenshots/tag-editor-de.png")));
    const QStringList editorTexts = dialogTexts(&editor);
    QVERIFY(editorTexts.contains(QStringLiteral("&Titel")));
    QVERIFY2(clashes(editorTexts).isEmpty(), qPrintable(clashes(editorTexts)));
}

void TestTranslations::coreMessagesFromAnImportArriveInGerman()
{
    QCOMPARE(Translations::install(*QCoreApplication::instance(), kGerman), QStringLiteral("de"));
    QTemporaryDir music;
    QVERIFY(music.isValid());
    const QString err = makeTone(music.filePath(QStringLiteral("01 Borealis.ogg")),
                                 toneTags(QStringLiteral("Borealis"), QStringLiteral("Aurora Lane"),
                                          QStringLiteral("Northern Lights"), {}, {}, 2019, 1),
                                 1.0);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    QFile empty(music.filePath(QStringLiteral("02 Broken.mp3")));
    QVERIFY(empty.open(QIODevice::WriteOnly)); // 0 bytes: the tag reader refuses it with a reason
    empty.close();

    auto w = openWindow();
    dropFolder(w.get(), music.path());
    QTRY_COMPARE_WITH_TIMEOUT(w->trackModel()->rowCount(), 1, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(!w->statusArea()->isScanning(), 20000);
    // The summary is built on the library thread: it is German too.
    QTRY_COMPARE(w->statusArea()->currentMessage(),
                 QStringLiteral("Import abgeschlossen. Neue Titel: 1; nicht lesbare Dateien: 1."));
    auto *errors = w->statusArea()->findChild<QToolButton *>(QStringLiteral("scanErrorsButton"));
    QVERIFY(errors && errors->isVisible());
    QCOMPARE(errors->text(), QStringLiteral("Nicht lesbare Dateien: 1"));
    errors->click();
    ScanErrorsDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = w->findChild<ScanErrorsDialog *>()) != nullptr);
    auto *table = dialog->findChild<QTableWidget *>();
    QTRY_COMPARE(table->rowCount(), 1);
    QCOMPARE(table->horizontalHeaderItem(1)->text(), QStringLiteral("Grund"));
    // The reason comes from core's tag reader, translated where it was made.
    QCOMPARE(table->item(0, 1)->text(), QStringLiteral("leere Datei (0 Byte)"));
}

void TestTranslations::englishAndCLocalesKeepTheEnglishText()
{
    for (const QLocale &locale :
         {QLocale(QLocale::English, QLocale::UnitedStates),
          QLocale(QLocale::English, QLocale::UnitedKingdom), QLocale::c()}) {
        // A German translation installed before must go away, not linger.
        QCOMPARE(Translations::install(*QCoreApplication::instance(), kGerman),
                 QStringLiteral("de"));
        QCOMPARE(Translations::install(*QCoreApplication::instance(), locale), QString());
        QCOMPARE(QCoreApplication::translate("ekn::MainWindow", "&File"), QStringLiteral("&File"));
    }
    auto w = openWindow();
    QCOMPARE(menuTitles(*w), (QStringList{QStringLiteral("&File"), QStringLiteral("&Edit"),
                                          QStringLiteral("&Playback"), QStringLiteral("P&laylists"),
                                          QStringLiteral("&Help")}));
    QCOMPARE(w->trackModel()
                 ->headerData(TrackModel::TitleColumn, Qt::Horizontal, Qt::DisplayRole)
                 .toString(),
             QStringLiteral("Title"));
    QDialogButtonBox box(QDialogButtonBox::Cancel);
    QCOMPARE(box.button(QDialogButtonBox::Cancel)->text().remove(QLatin1Char('&')),
             QStringLiteral("Cancel"));
}

void TestTranslations::countedTextsUseTheLanguagesPluralForms()
{
    Track a;
    a.id = QStringLiteral("a");
    a.title = QStringLiteral("Borealis");
    Track b = a;
    b.id = QStringLiteral("b");
    b.title = QStringLiteral("Polar Night");

    QCOMPARE(Translations::install(*QCoreApplication::instance(),
                                   QLocale(QLocale::English, QLocale::UnitedStates)),
             QString());
    {
        TagEditorDialog editor({a, b});
        QCOMPARE(editor.windowTitle(), QStringLiteral("Edit Tags \u2014 2 Tracks"));
    }
    QCOMPARE(QCoreApplication::translate("ekn::TagEditorDialog", "Edit Tags \u2014 %n Track(s)",
                                         nullptr, 1),
             QStringLiteral("Edit Tags \u2014 1 Track"));
    QCOMPARE(Translations::install(*QCoreApplication::instance(), kGerman), QStringLiteral("de"));
    {
        TagEditorDialog editor({a, b});
        QCOMPARE(editor.windowTitle(), QStringLiteral("Tags bearbeiten \u2014 2 Titel"));
    }

    // Every counted text, in both languages: no "(s)" left, the number shown.
    const QList<CountedText> texts = countedTexts();
    QVERIFY(!texts.isEmpty());
    for (const QLocale &locale : {QLocale(QLocale::English, QLocale::UnitedStates), kGerman}) {
        Translations::install(*QCoreApplication::instance(), locale);
        for (const CountedText &t : texts) {
            for (int n : {1, 2, 5}) {
                const QString shown = QCoreApplication::translate(
                    t.context.toUtf8().constData(), t.source.toUtf8().constData(), nullptr, n);
                QVERIFY2(!shown.contains(QLatin1String("(s)")) &&
                             shown.contains(QString::number(n)),
                         qPrintable(locale.name() + QStringLiteral(": ") + shown));
            }
        }
    }
}

void TestTranslations::theAppFollowsTheSystemLanguage()
{
    // The real binary, as a user starts it: the language comes from the environment.
    const ProcessResult german =
        runProgram(QStringLiteral(EKN_APP_PATH), {QStringLiteral("--help")},
                   languageEnvironment(QStringLiteral("de_DE.UTF-8")));
    QCOMPARE(german.exitCode, 0);
    QVERIFY2(german.out.contains(QStringLiteral("EKNMusic-Musikbibliotheksverwaltung")),
             qPrintable(german.out));
    QVERIFY2(german.out.contains(
                 QStringLiteral("Audiodateien zum Abspielen")),
             qPrintable(german.out));

    const ProcessResult austrian =
        runProgram(QStringLiteral(EKN_APP_PATH), {QStringLiteral("--help")},
                   languageEnvironment(QStringLiteral("de_AT.UTF-8")));
    QVERIFY2(austrian.out.contains(QStringLiteral("EKNMusic-Musikbibliotheksverwaltung")),
             qPrintable(austrian.out));

    const ProcessResult english =
        runProgram(QStringLiteral(EKN_APP_PATH), {QStringLiteral("--help")},
                   languageEnvironment(QStringLiteral("en_US.UTF-8")));
    QCOMPARE(english.exitCode, 0);
    QVERIFY2(english.out.contains(QStringLiteral("EKNMusic music library manager")),
             qPrintable(english.out));

    // Someone who lists English before German gets English; French (not shipped) then German
    // gets German.
    const ProcessResult enFirst =
        runProgram(QStringLiteral(EKN_APP_PATH), {QStringLiteral("--help")},
                   languageEnvironment(QStringLiteral("de_DE.UTF-8"), QStringLiteral("en_GB:de")));
    QVERIFY2(enFirst.out.contains(QStringLiteral("EKNMusic music library manager")),
             qPrintable(enFirst.out));
    const ProcessResult frFirst =
        runProgram(QStringLiteral(EKN_APP_PATH), {QStringLiteral("--help")},
                   languageEnvironment(QStringLiteral("fr_FR.UTF-8"), QStringLiteral("fr:de")));
    QVERIFY2(frFirst.out.contains(QStringLiteral("EKNMusic-Musikbibliotheksverwaltung")),
             qPrintable(frFirst.out));
}

void TestTranslations::aboutAndVersionShowTheCMakeVersion()
{
    const QString cmakeVersion = QStringLiteral(EKN_TEST_PROJECT_VERSION);
    QVERIFY(!cmakeVersion.isEmpty());
    const ProcessResult r = runProgram(QStringLiteral(EKN_APP_PATH), {QStringLiteral("--version")},
                                       languageEnvironment(QStringLiteral("de_DE.UTF-8")));
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out.trimmed(), QStringLiteral("EKNMusic ") + cmakeVersion);

    QCOMPARE(Translations::install(*QCoreApplication::instance(), kGerman), QStringLiteral("de"));
    auto w = openWindow();
    QAction *about = nullptr;
    const QList<QAction *> helpEntries = w->menuBar()->actions().last()->menu()->actions();
    for (QAction *a : helpEntries)
        if (a->menuRole() == QAction::AboutRole)
            about = a;
    QVERIFY(about);
    QCOMPARE(about->text(), QStringLiteral("&\u00dcber EKNMusic"));
    QString shown;
    QString title;
    QTimer poll;
    poll.setInterval(20);
    connect(&poll, &QTimer::timeout, this, [&] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            shown = box->text();
            title = box->windowTitle();
            box->accept();
        }
    });
    poll.start();
    about->trigger(); // modal: returns once the poll closed the box
    poll.stop();
    QCOMPARE(title, QStringLiteral("\u00dcber EKNMusic"));
    QVERIFY2(
        shown.contains(QStringLiteral("<h3>EKNMusic ") + cmakeVersion + QStringLiteral("</h3>")),
        qPrintable(shown));
    QVERIFY2(shown.contains(QStringLiteral("Musikbibliothek")), qPrintable(shown));
}
