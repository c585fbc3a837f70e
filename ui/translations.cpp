#include "translations.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QTranslator>

namespace ekn {

namespace {
const char kTranslatorName[] = "ekn-translator";

QString catalogDir()
{
    return QStringLiteral(":/i18n");
}

QString catalogFile(const QString &language)
{
    return catalogDir() + QStringLiteral("/eknmusic_") + language + QStringLiteral(".qm");
}

// "de-AT" -> {"de_AT", "de"}: the most specific catalog first, then the language alone.
QStringList candidates(const QString &uiLanguage)
{
    QString name = uiLanguage;
    name.replace(QLatin1Char('-'), QLatin1Char('_'));
    QStringList out{name};
    const qsizetype cut = name.indexOf(QLatin1Char('_'));
    if (cut > 0)
        out << name.left(cut);
    return out;
}

void removeInstalled(QCoreApplication &app)
{
    const QList<QTranslator *> old =
        app.findChildren<QTranslator *>(QLatin1String(kTranslatorName), Qt::FindDirectChildrenOnly);
    for (QTranslator *t : old) {
        QCoreApplication::removeTranslator(t);
        delete t;
    }
}

bool installFile(QCoreApplication &app, const QString &file)
{
    auto *t = new QTranslator(&app);
    t->setObjectName(QLatin1String(kTranslatorName));
    if (!t->load(file) || !QCoreApplication::installTranslator(t)) {
        delete t;
        return false;
    }
    return true;
}
} // namespace

QString Translations::install(QCoreApplication &app, const QLocale &locale)
{
    removeInstalled(app);
    // The English plural forms ("%n track(s)" -> "1 track"): installed first, so a language
    // installed after it takes precedence and anything it lacks falls back to proper English.
    installFile(app, catalogFile(QStringLiteral("en")));
    QString chosen;
    const QStringList uiLanguages = locale.uiLanguages();
    for (const QString &ui : uiLanguages) {
        const QLocale::Language language = QLocale(ui).language();
        if (language == QLocale::English || language == QLocale::C)
            return {}; // the source strings are English
        const QStringList names = candidates(ui);
        for (const QString &name : names) {
            if (QFileInfo::exists(catalogFile(name))) {
                chosen = name;
                break;
            }
        }
        if (!chosen.isEmpty())
            break;
    }
    if (chosen.isEmpty() || !installFile(app, catalogFile(chosen)))
        return {};
    // Qt's own strings (Cancel, Save, file dialogs). Optional: without them those stay English.
    const QString qtDir = QLibraryInfo::path(QLibraryInfo::TranslationsPath);
    for (const QString &name : candidates(chosen)) {
        const QString file =
            QDir(qtDir).filePath(QStringLiteral("qtbase_") + name + QStringLiteral(".qm"));
        if (QFileInfo::exists(file) && installFile(app, file))
            break;
    }
    return chosen;
}

QStringList Translations::available()
{
    QStringList out;
    const QStringList files =
        QDir(catalogDir()).entryList({QStringLiteral("eknmusic_*.qm")}, QDir::Files, QDir::Name);
    for (const QString &f : files) {
        const QString language = f.mid(9, f.size() - 9 - 3);
        if (language != QLatin1String("en")) // English plural forms only, not a translation
            out << language;
    }
    return out;
}

} // namespace ekn
