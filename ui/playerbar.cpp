#include "playerbar.h"

#include "themeicons.h"

#include <QHBoxLayout>
#include <QAction>
#include <QImage>
#include <QPixmap>
#include <QLabel>
#include <QLayout>
#include <QMenu>
#include <QSignalBlocker>
#include <QSlider>
#include <QToolButton>

namespace ekn {

namespace {
QToolButton *makeButton(QWidget *parent, const QString &icon, const QString &tip, const QString &name)
{
    auto *b = new QToolButton(parent);
    b->setIcon(ThemeIcons::icon(icon));
    b->setIconSize(QSize(22, 22));
    b->setToolTip(tip);
    b->setAutoRaise(true);
    b->setObjectName(name);
    return b;
}
} // namespace

PlayerBar::PlayerBar(Player *player, QWidget *parent)
    : QWidget(parent)
    , m_player(player)
{
    setObjectName(QStringLiteral("playerBar"));
    m_prev = makeButton(this, QStringLiteral("previous"), tr("Previous"), QStringLiteral("previousButton"));
    m_playPause = makeButton(this, QStringLiteral("play"), tr("Play (Space)"), QStringLiteral("playPauseButton"));
    m_playPause->setIconSize(QSize(28, 28));
    m_stop = makeButton(this, QStringLiteral("stop"), tr("Stop"), QStringLiteral("stopButton"));
    m_next = makeButton(this, QStringLiteral("next"), tr("Next"), QStringLiteral("nextButton"));

    m_elapsed = new QLabel(formatTime(0), this);
    m_total = new QLabel(formatTime(0), this);
    m_seek = new QSlider(Qt::Horizontal, this);
    m_seek->setObjectName(QStringLiteral("seekSlider"));
    m_seek->setAccessibleName(tr("Position"));
    m_seek->setRange(0, 0);
    m_cover = new QLabel(this);
    m_cover->setObjectName(QStringLiteral("playerBarCover"));
    m_cover->setFixedSize(40, 40);
    m_cover->setAlignment(Qt::AlignCenter);
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("nowPlayingLabel"));
    m_title->setMinimumWidth(160);
    m_title->setTextFormat(Qt::PlainText);

    buildModeButtons();

    auto *volumeIcon = new QLabel(this);
    volumeIcon->setPixmap(ThemeIcons::icon(QStringLiteral("volume")).pixmap(QSize(18, 18)));
    m_volume = new QSlider(Qt::Horizontal, this);
    m_volume->setObjectName(QStringLiteral("volumeSlider"));
    m_volume->setAccessibleName(tr("Volume"));
    m_volume->setToolTip(tr("Volume"));
    m_volume->setRange(0, 100);
    m_volume->setValue(qRound(player->volume() * 100));
    m_volume->setFixedWidth(110);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->addWidget(m_prev);
    layout->addWidget(m_playPause);
    layout->addWidget(m_stop);
    layout->addWidget(m_next);
    layout->addWidget(m_shuffle);
    layout->addWidget(m_repeat);
    layout->addSpacing(8);
    layout->addWidget(m_cover);
    layout->addWidget(m_title, 2);
    layout->addWidget(m_elapsed);
    layout->addWidget(m_seek, 5);
    layout->addWidget(m_total);
    layout->addSpacing(8);
    layout->addWidget(volumeIcon);
    layout->addWidget(m_volume);

    connect(m_prev, &QToolButton::clicked, player, &Player::previous);
    connect(m_playPause, &QToolButton::clicked, player, &Player::togglePlayPause);
    connect(m_stop, &QToolButton::clicked, player, &Player::stop);
    connect(m_next, &QToolButton::clicked, player, &Player::next);
    connect(m_volume, &QSlider::valueChanged, player, [player](int v) { player->setVolume(float(v) / 100.0f); });
    connect(m_seek, &QSlider::sliderPressed, this, [this] { m_dragging = true; });
    connect(m_seek, &QSlider::sliderReleased, this, [this] {
        m_dragging = false;
        m_player->seek(m_seek->value());
    });
    // Clicks on the groove (no drag) seek too.
    connect(m_seek, &QSlider::actionTriggered, this, [this](int action) {
        if (action != QAbstractSlider::SliderMove && !m_dragging)
            m_player->seek(m_seek->sliderPosition());
    });
    setCover({});
    connect(player, &Player::stateChanged, this, &PlayerBar::onStateChanged);
    connect(player, &Player::volumeChanged, this, [this](float v) {
        const QSignalBlocker block(m_volume);
        m_volume->setValue(qRound(v * 100));
    });
    connect(player, &Player::positionChanged, this, &PlayerBar::onPosition);
    connect(player, &Player::durationChanged, this, &PlayerBar::onDuration);
    onStateChanged(player->state());
}

void PlayerBar::setNowPlayingText(const QString &text)
{
    m_title->setText(text);
    m_title->setToolTip(text);
}

void PlayerBar::buildModeButtons()
{
    Player *player = m_player;
    m_shuffle = makeButton(this, QStringLiteral("shuffle"), tr("Shuffle"), QStringLiteral("shuffleButton"));
    m_shuffle->setCheckable(true);
    m_shuffle->setPopupMode(QToolButton::MenuButtonPopup);
    auto *shuffleMenu = new QMenu(m_shuffle);
    shuffleMenu->addAction(tr("Shuffle Off"), player, [player] { player->setShuffle(ShuffleMode::Off); });
    shuffleMenu->addAction(tr("Shuffle Tracks"), player, [player] { player->setShuffle(ShuffleMode::Tracks); });
    shuffleMenu->addAction(tr("Shuffle Albums"), player, [player] { player->setShuffle(ShuffleMode::Albums); });
    m_shuffle->setMenu(shuffleMenu);
    m_repeat = makeButton(this, QStringLiteral("repeat"), tr("Repeat"), QStringLiteral("repeatButton"));
    m_repeat->setCheckable(true);

    connect(m_shuffle, &QToolButton::clicked, this, [this] {
        m_player->setShuffle(m_player->shuffle() == ShuffleMode::Off ? m_lastShuffle : ShuffleMode::Off);
    });
    // Off, then the whole list again and again, then this track again and again.
    connect(m_repeat, &QToolButton::clicked, this, [this] {
        switch (m_player->repeat()) {
        case RepeatMode::Off: m_player->setRepeat(RepeatMode::All); break;
        case RepeatMode::All: m_player->setRepeat(RepeatMode::One); break;
        case RepeatMode::One: m_player->setRepeat(RepeatMode::Off); break;
        }
    });
    connect(player, &Player::shuffleChanged, this, &PlayerBar::showShuffle);
    connect(player, &Player::repeatChanged, this, &PlayerBar::showRepeat);
    showShuffle(player->shuffle());
    showRepeat(player->repeat());
}

void PlayerBar::addActionButton(QAction *action)
{
    auto *b = new QToolButton(this);
    b->setDefaultAction(action);
    b->setIconSize(QSize(22, 22));
    b->setAutoRaise(true);
    b->setObjectName(action->objectName() + QStringLiteral("Button"));
    layout()->addWidget(b);
}

void PlayerBar::setCover(const QImage &image)
{
    if (image.isNull())
        m_cover->setPixmap(ThemeIcons::icon(QStringLiteral("album")).pixmap(QSize(28, 28)));
    else
        m_cover->setPixmap(QPixmap::fromImage(image.scaled(m_cover->size(), Qt::KeepAspectRatio, Qt::SmoothTransformation)));
}

void PlayerBar::showShuffle(ShuffleMode mode)
{
    if (mode != ShuffleMode::Off)
        m_lastShuffle = mode;
    m_shuffle->setChecked(mode != ShuffleMode::Off);
    switch (mode) {
    case ShuffleMode::Off: m_shuffle->setToolTip(tr("Shuffle is off")); break;
    case ShuffleMode::Tracks: m_shuffle->setToolTip(tr("Shuffle: tracks in a random order")); break;
    case ShuffleMode::Albums: m_shuffle->setToolTip(tr("Shuffle: albums in a random order, each in its order")); break;
    }
}

void PlayerBar::showRepeat(RepeatMode mode)
{
    m_repeat->setChecked(mode != RepeatMode::Off);
    m_repeat->setIcon(ThemeIcons::icon(mode == RepeatMode::One ? QStringLiteral("repeat-one") : QStringLiteral("repeat")));
    switch (mode) {
    case RepeatMode::Off: m_repeat->setToolTip(tr("Repeat is off")); break;
    case RepeatMode::All: m_repeat->setToolTip(tr("Repeat all: the list starts over at its end")); break;
    case RepeatMode::One: m_repeat->setToolTip(tr("Repeat one: this track plays again")); break;
    }
}

void PlayerBar::onStateChanged(Player::State state)
{
    const bool playing = state == Player::State::Playing;
    m_playPause->setIcon(ThemeIcons::icon(playing ? QStringLiteral("pause") : QStringLiteral("play")));
    m_playPause->setToolTip(playing ? tr("Pause (Space)") : tr("Play (Space)"));
    m_stop->setEnabled(state != Player::State::Stopped);
    if (state == Player::State::Stopped) {
        m_seek->setValue(0);
        m_elapsed->setText(formatTime(0));
    }
}

void PlayerBar::onPosition(qint64 ms)
{
    if (!m_dragging)
        m_seek->setValue(int(ms));
    m_elapsed->setText(formatTime(ms));
}

void PlayerBar::onDuration(qint64 ms)
{
    m_seek->setRange(0, int(ms));
    m_total->setText(formatTime(ms));
}

QString PlayerBar::formatTime(qint64 ms)
{
    const qint64 s = ms / 1000;
    if (s >= 3600)
        return QStringLiteral("%1:%2:%3").arg(s / 3600).arg((s / 60) % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

} // namespace ekn
