#pragma once

#include "library/trackwriter.h"
#include "scan/folderwalker.h"
#include "tags/taginfo.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <vector>

// Internal to FolderScanner: the jobs the walk hands to the tag-reading workers and the
// bounded queue that carries their results to the single writer.
namespace ekn {

struct Job
{
    FoundFile file;
    QString knownTrackId; // set when the path is known and changed
};

struct ReadOutcome
{
    const Job *job = nullptr;
    QString hash;
    TagReadResult tags;
    ScannedFile file; // prepared on the worker when the tags were read
};

// Results travel from the tag-reading workers to the single writer.
class ResultQueue
{
public:
    // Blocks while the writer is this far behind: readers outrun the single writer, and a
    // big library must not pile up in memory waiting to be written.
    static constexpr size_t kCapacity = 1000;

    void push(ReadOutcome r)
    {
        {
            std::unique_lock lock(m_mutex);
            m_space.wait(lock, [this] { return m_results.size() < kCapacity; });
            m_results.push_back(std::move(r));
        }
        m_cv.notify_one();
    }
    // Waits up to timeoutMs for results; moves all that are ready into `out`.
    void popAll(std::vector<ReadOutcome> &out, int timeoutMs)
    {
        std::unique_lock lock(m_mutex);
        m_cv.wait_for(lock, std::chrono::milliseconds(timeoutMs), [this] { return !m_results.empty(); });
        while (!m_results.empty()) {
            out.push_back(std::move(m_results.front()));
            m_results.pop_front();
        }
        lock.unlock();
        m_space.notify_all();
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::condition_variable m_space;
    std::deque<ReadOutcome> m_results;
};

} // namespace ekn
