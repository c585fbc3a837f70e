#pragma once

#include <QByteArray>
#include <QMap>
#include <QString>

// Retags a file the way another tool would: TagLib directly, not EKNMusic's TagWriter.
namespace ekn::test {

struct Retag
{
    QString title;  // empty: unchanged
    QString artist; // empty: unchanged
    QString album;  // empty: unchanged
    QString genre;  // empty: unchanged
    QByteArray coverPng; // non-empty: a front cover is added (the tag grows by its size)
};

// Empty on success, else what went wrong.
QString retagWithTagLib(const QString &path, const Retag &retag);
// Sets other tag keys ("MOOD") through TagLib's property map, the same way.
QString retagPropertiesWithTagLib(const QString &path, const QMap<QString, QString> &properties);

} // namespace ekn::test
