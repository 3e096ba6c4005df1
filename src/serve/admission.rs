//! Who gets a connection: a bounded number of places, and the list of connections still
//! sending their request. A client that sends its request slowly, or never, cannot keep others
//! out: when the places are full, the connection that has waited longest for its request is
//! closed to make room, and no request may take longer than [`HEAD_DEADLINE`] in all.

use std::io::{self, Read};
use std::net::{Shutdown, TcpStream};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The longest a client may take to send a whole request head, however it trickles it.
pub const HEAD_DEADLINE: Duration = Duration::from_secs(5);

/// One of a bounded number of places, given back when dropped.
pub struct Slot(Arc<AtomicUsize>);

impl Slot {
    /// Takes one of `max` places counted by `counter`, if one is free.
    pub fn take(counter: &Arc<AtomicUsize>, max: usize) -> Option<Self> {
        counter
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n < max).then_some(n + 1)
            })
            .ok()
            .map(|_| Slot(Arc::clone(counter)))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The connections that have not yet sent a whole request, oldest first.
#[derive(Default)]
pub struct Waiting {
    next: AtomicU64,
    list: Mutex<Vec<(u64, TcpStream)>>,
}

/// A connection on the waiting list; it leaves the list when dropped.
pub struct WaitingTicket<'a> {
    waiting: &'a Waiting,
    id: u64,
}

impl Waiting {
    /// Puts a connection on the list while its request is read.
    pub fn enter(&self, stream: &TcpStream) -> Option<WaitingTicket<'_>> {
        let clone = stream.try_clone().ok()?;
        let id = self.next.fetch_add(1, Ordering::SeqCst);
        self.list.lock().ok()?.push((id, clone));
        Some(WaitingTicket { waiting: self, id })
    }

    /// Closes the connection that has waited longest for its request; false when none waits.
    pub fn close_oldest(&self) -> bool {
        let oldest = match self.list.lock() {
            Ok(mut list) if !list.is_empty() => list.remove(0),
            _ => return false,
        };
        let _ = oldest.1.shutdown(Shutdown::Both);
        true
    }
}

impl Drop for WaitingTicket<'_> {
    fn drop(&mut self) {
        if let Ok(mut list) = self.waiting.list.lock() {
            list.retain(|(id, _)| *id != self.id);
        }
    }
}

/// Reads from a connection until a deadline: each read may wait only for the time left.
pub struct Deadline<'a> {
    pub stream: &'a TcpStream,
    pub until: Instant,
}

impl Read for Deadline<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        (&*self.stream).read(buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_bounded_and_given_back() {
        let n = Arc::new(AtomicUsize::new(0));
        let a = Slot::take(&n, 2).expect("first");
        let _b = Slot::take(&n, 2).expect("second");
        assert!(Slot::take(&n, 2).is_none());
        drop(a);
        assert!(Slot::take(&n, 2).is_some());
    }
}
