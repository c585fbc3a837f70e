#pragma once

#include <QIcon>
#include <QString>

namespace ekn {

// Icons drawn from the SVGs in ui/icons (resource prefix :/icons). They are rendered at the
// exact size and device pixel ratio asked for, so they stay sharp at any scale, and painted in
// the current palette's text colour, so they follow a light or dark system theme.
namespace ThemeIcons {
QIcon icon(const QString &name);
} // namespace ThemeIcons

} // namespace ekn
