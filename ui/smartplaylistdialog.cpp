#include "smartplaylistdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace ekn {

namespace {

// The orders in SmartRule::orders(), as a person reads them.
QList<QPair<QString, QString>> orderChoices()
{
    return {{QString(), SmartPlaylistDialog::tr("Library order")},
            {QStringLiteral("title"), SmartPlaylistDialog::tr("Title")},
            {QStringLiteral("artist"), SmartPlaylistDialog::tr("Artist")},
            {QStringLiteral("album"), SmartPlaylistDialog::tr("Album")},
            {QStringLiteral("year"), SmartPlaylistDialog::tr("Year")},
            {QStringLiteral("duration"), SmartPlaylistDialog::tr("Length")},
            {QStringLiteral("added"), SmartPlaylistDialog::tr("Date added")},
            {QStringLiteral("played"), SmartPlaylistDialog::tr("Last played")},
            {QStringLiteral("plays"), SmartPlaylistDialog::tr("Play count")},
            {QStringLiteral("skips"), SmartPlaylistDialog::tr("Skip count")},
            {QStringLiteral("rating"), SmartPlaylistDialog::tr("Rating")},
            {QStringLiteral("random"), SmartPlaylistDialog::tr("Random")}};
}

} // namespace

SmartPlaylistDialog::SmartPlaylistDialog(const QString &name, const SmartRule &rule, QWidget *parent)
    : QDialog(parent)
    , m_name(new QLineEdit(name, this))
    , m_query(new QLineEdit(rule.query, this))
    , m_order(new QComboBox(this))
    , m_descending(new QCheckBox(tr("&Descending"), this))
    , m_limit(new QSpinBox(this))
    , m_problem(new QLabel(this))
{
    setWindowTitle(tr("Smart Playlist"));
    m_query->setPlaceholderText(tr("e.g. genre:jazz rating:>=4 played:<30d"));
    m_query->setToolTip(tr("The search box's words and fields, plus rating:>=4 (stars), plays:>10, "
                           "skipped:>3, played:<30d and added:<7d (h, d, w, m, y)."));
    for (const auto &[key, label] : orderChoices())
        m_order->addItem(label, key);
    m_order->setCurrentIndex(std::max(0, m_order->findData(rule.order)));
    m_descending->setChecked(rule.descending);
    m_limit->setRange(0, SmartRule::kMaxLimit);
    m_limit->setSpecialValueText(tr("No limit"));
    m_limit->setValue(rule.limit);
    m_problem->setWordWrap(true);
    m_problem->setObjectName(QStringLiteral("problem"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Search:"), m_query);
    form->addRow(QString(), m_problem);
    form->addRow(tr("&Order:"), m_order);
    form->addRow(QString(), m_descending);
    form->addRow(tr("&Limit:"), m_limit);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_save = buttons->button(QDialogButtonBox::Save);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);

    connect(m_name, &QLineEdit::textChanged, this, &SmartPlaylistDialog::validate);
    connect(m_query, &QLineEdit::textChanged, this, &SmartPlaylistDialog::validate);
    connect(m_order, &QComboBox::currentIndexChanged, this, &SmartPlaylistDialog::validate);
    validate();
}

QString SmartPlaylistDialog::name() const
{
    return m_name->text().trimmed();
}

SmartRule SmartPlaylistDialog::rule() const
{
    SmartRule r;
    r.query = m_query->text().trimmed();
    r.order = m_order->currentData().toString();
    r.descending = m_descending->isChecked() && r.order != QLatin1String("random");
    r.limit = m_limit->value();
    return r;
}

void SmartPlaylistDialog::validate()
{
    const QString problem = name().isEmpty() ? tr("A playlist needs a name.") : rule().validate();
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_descending->setEnabled(!m_order->currentData().toString().isEmpty()
                             && m_order->currentData().toString() != QLatin1String("random"));
    m_save->setEnabled(problem.isEmpty());
}

} // namespace ekn
