#pragma once

#include <QLocale>
#include <QString>
#include <QStringList>

class QCoreApplication;

namespace ekn {

// Chooses the language of the desktop app. The translations (eknmusic_<lang>.qm) are compiled
// into eknmusic_ui under :/i18n; Qt's own (qtbase_<lang>.qm, for standard buttons and dialogs)
// come from Qt's translations folder when installed (Debian: qt6-translations-l10n).
class Translations
{
public:
    // Installs the app's translation for the first of locale.uiLanguages() that EKNMusic has,
    // and Qt's for the same language. English anywhere before it keeps the English source
    // strings (someone who lists "en, de" wants English). Replaces what an earlier call
    // installed. Call before creating any widget. Returns the language installed ("de"), or
    // an empty string when the app stays in English (with the English plural forms installed).
    static QString install(QCoreApplication &app, const QLocale &locale = QLocale::system());

    // The languages shipped besides English, e.g. {"de"}.
    static QStringList available();
};

} // namespace ekn
