#pragma once

#include <QByteArray>
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

} // namespace ekn::test
