//! The room over SSH, end to end: the real binary's `host` in a pseudo-terminal (the
//! facilitator), and real SSH clients over loopback (the participants, russh's client).
//! Privacy (nobody sees another's hidden ideas or dots before the reveal), what is saved
//! with its authors, the door (a wrong code refused and rate-limited; no exec, SFTP or
//! forwarding), and a participant who hangs up and comes back.

mod support;

use support::pty::*;
use support::room::*;

const CODE: &str = "K7PQ2M";

/// The facilitator hosting the workshop `Platform team` on a free port: the host and its port.
fn host(home: &std::path::Path, data: &std::path::Path) -> Option<(Pty, u16)> {
    host_with(home, data, &[])
}

/// The host on step 2 in silent mode: ideas hidden from the shared screen until revealed.
fn silent_brainstorm(home: &std::path::Path, data: &std::path::Path) -> Option<(Pty, u16)> {
    let (mut pty, port) = host(home, data)?;
    pty.send("2");
    pty.send("s");
    pty.wait_for("SILENT MODE");
    Some((pty, port))
}

fn initiatives(data: &std::path::Path) -> Vec<(String, String)> {
    let json = read_json(&data.join("platform-team.json"));
    let name_of = |id: &serde_json::Value| {
        json["participants"].as_array().into_iter().flatten().find(|p| p["id"] == *id).map(|p| p["name"].as_str().unwrap_or("").to_string())
    };
    let mut out: Vec<(String, String)> = json["initiatives"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|i| (i["title"].as_str().unwrap_or("").to_string(), name_of(&i["author"]).unwrap_or_default()))
        .collect();
    out.sort();
    out
}

#[test]
fn three_participants_write_privately_and_the_reveal_shows_every_idea_with_its_author() {
    let (_root, home, data) = folders();
    let Some((mut pty, port)) = silent_brainstorm(&home, &data) else { return };

    let rt = runtime();
    let ideas = [("ana", "Faster CI pipeline"), ("ben", "Flaky test dashboard"), ("cleo", "Own the on-call runbook")];
    let mut people: Vec<Participant> = ideas.iter().map(|(name, _)| Participant::join(&rt, port, name, CODE, (80, 24))).collect();
    for (p, (name, idea)) in people.iter_mut().zip(ideas) {
        p.wait_for(&format!("you are {name}"));
        p.write_idea(&rt, idea);
        p.wait_for("Your ideas (1)");
    }
    pty.wait_for("3 of 3 have written");
    // Each sees their own idea and only a count of the others'.
    for (p, (_, mine)) in people.iter_mut().zip(ideas) {
        p.wait_for("Others: 2 hidden until the reveal");
        for (_, theirs) in ideas.iter().filter(|(_, i)| *i != mine) {
            assert!(!p.screen().contains(theirs), "{} sees {theirs} before the reveal\n{}", p.name, p.screen());
        }
    }
    assert!(ideas.iter().all(|(_, idea)| !pty.screen().contains(idea)), "the shared screen hides them\n{}", pty.screen());

    pty.send("s");
    pty.wait_for("Faster CI pipeline");
    for p in &mut people {
        p.wait_for("0 hidden until the reveal · 2 on the shared screen");
    }
    pty.send("q");
    for p in &mut people {
        p.wait_for("the room is closed");
        p.wait_closed();
    }
    pty.assert_exit_code(0);
    let saved = initiatives(&data);
    let expected: Vec<(String, String)> = ideas.iter().map(|(name, idea)| ((*idea).to_string(), (*name).to_string())).collect();
    let mut expected = expected;
    expected.sort();
    assert_eq!(saved, expected, "every idea is saved with its author");
}

/// Ana (80x24) and Ben (100x30) have each written an idea; the host is on step 3.
fn two_ideas_on_step_3(
    home: &std::path::Path,
    data: &std::path::Path,
    rt: &tokio::runtime::Runtime,
) -> Option<(Pty, Participant, Participant)> {
    let (mut pty, port) = host(home, data)?;
    pty.send("2");
    let mut ana = Participant::join(rt, port, "ana", CODE, (80, 24));
    let mut ben = Participant::join(rt, port, "ben", CODE, (100, 30));
    ana.write_idea(rt, "Faster CI");
    ben.write_idea(rt, "Fewer pages");
    pty.send("3");
    pty.wait_for("Step 3");
    Some((pty, ana, ben))
}

#[test]
fn secret_dots_stay_hidden_from_everyone_until_the_reveal() {
    let (_root, home, data) = folders();
    let rt = runtime();
    let Some((mut pty, mut ana, mut ben)) = two_ideas_on_step_3(&home, &data, &rt) else { return };
    // The vote view, a secret round.
    pty.send("v");
    pty.send("v");
    pty.wait_for("Vote");
    pty.send("s");
    pty.wait_for("0 of 2 have voted");
    ana.wait_for("3 left of 3");
    ana.send(&rt, "++");
    ana.wait_for("1 left of 3");
    ben.wait_for("3 left of 3");
    ben.send(&rt, "\x1b[B+");
    ben.wait_for("2 left of 3");
    pty.wait_for("2 of 2 have voted");
    // Ana sees her two dots on her idea; Ben sees only his own one; the shared screen none.
    assert!(ana.screen().contains("●● Faster CI"), "{}", ana.screen());
    assert!(!ana.screen().contains("● Fewer pages"), "Ana sees Ben's dot\n{}", ana.screen());
    assert!(ben.screen().contains("● Fewer pages") && !ben.screen().contains("●● Faster CI"), "{}", ben.screen());
    assert!(!ben.screen().contains("● Faster CI"), "Ben sees Ana's dots\n{}", ben.screen());
    assert!(!pty.screen().contains("●●"), "the shared screen shows no dots\n{}", pty.screen());

    pty.send("s");
    ana.wait_for("2 votes Faster CI");
    ben.wait_for("1 vote Fewer pages");
    pty.send("q");
    pty.assert_exit_code(0);
    let json = read_json(&data.join("platform-team.json"));
    let votes: u64 = json["initiatives"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|i| i["votes"].as_object().into_iter().flatten().map(|(_, v)| v.as_u64().unwrap_or(0)))
        .sum();
    assert_eq!(votes, 3, "{json:#}");
}

#[test]
fn a_wrong_code_is_refused_and_an_address_that_keeps_guessing_is_shut_out() {
    let (_root, home, data) = folders();
    let Some((mut pty, port)) = host(&home, &data) else { return };
    let rt = runtime();
    let mut refused = 0;
    for guess in ["AAAAAA", "BBBBBB", "CCCCCC", "DDDDDD", "EEEEEE"] {
        assert!(login(&rt, port, "mallory", guess).is_err(), "{guess} is not the code");
        refused += 1;
    }
    assert_eq!(refused, 5);
    // Shut out now, even with the right code, before any SSH is spoken.
    let Err(err) = login(&rt, port, "mallory", CODE) else { panic!("let in while shut out") };
    assert!(err.starts_with("connect"), "the connection itself is refused: {err}");
    pty.send("q");
    pty.assert_exit_code(0);
}

#[test]
fn a_command_sftp_and_port_forwarding_are_refused() {
    let (_root, home, data) = folders();
    let Some((mut pty, port)) = host(&home, &data) else { return };
    let rt = runtime();
    let replies = |request: &str| {
        let session = login(&rt, port, "eve", CODE).expect("in with the code");
        rt.block_on(async {
            let mut channel = session.channel_open_session().await.expect("a session channel");
            match request {
                "exec" => channel.exec(true, "cat /etc/passwd").await.expect("asked"),
                "sftp" => channel.request_subsystem(true, "sftp").await.expect("asked"),
                _ => channel.request_shell(true).await.expect("asked"),
            }
            let mut said = Vec::new();
            while let Some(msg) = channel.wait().await {
                match msg {
                    russh::ChannelMsg::Success => said.push("success".to_string()),
                    russh::ChannelMsg::Failure => said.push("failure".to_string()),
                    russh::ChannelMsg::Data { data } | russh::ChannelMsg::ExtendedData { data, .. } => {
                        said.push(String::from_utf8_lossy(&data).into_owned());
                    }
                    russh::ChannelMsg::Close => break,
                    _ => {}
                }
            }
            said
        })
    };
    let exec = replies("exec");
    assert!(exec.contains(&"failure".to_string()) && !exec.contains(&"success".to_string()), "{exec:?}");
    assert!(exec.iter().all(|s| !s.contains("root:")), "{exec:?}");
    let sftp = replies("sftp");
    assert!(sftp.contains(&"failure".to_string()) && !sftp.contains(&"success".to_string()), "{sftp:?}");
    let shell = replies("shell without a terminal");
    assert!(shell.contains(&"failure".to_string()), "a shell needs a pseudo-terminal: {shell:?}");

    let session = login(&rt, port, "eve", CODE).expect("in with the code");
    let forward = rt.block_on(session.tcpip_forward("127.0.0.1", 0));
    assert!(forward.is_err(), "remote forwarding refused: {forward:?}");
    let direct = rt.block_on(session.channel_open_direct_tcpip("127.0.0.1", 22, "127.0.0.1", 5555));
    assert!(direct.is_err(), "local forwarding refused");
    pty.send("q");
    pty.assert_exit_code(0);
}

#[test]
fn a_participant_who_hangs_up_and_comes_back_finds_their_ideas() {
    let (_root, home, data) = folders();
    let Some((mut pty, port)) = silent_brainstorm(&home, &data) else { return };
    let rt = runtime();
    let mut ana = Participant::join(&rt, port, "ana", CODE, (80, 24));
    ana.write_idea(&rt, "Faster CI");
    pty.wait_for("1 of 1 have written");
    ana.hang_up(&rt);
    pty.wait_for("0 of 0 have written");

    // Back, with her name in another case: the same participant.
    let mut again = Participant::join(&rt, port, "ANA", CODE, (100, 30));
    again.wait_for("Your ideas (1)");
    again.wait_for("Faster CI");
    pty.wait_for("1 of 1 have written");
    pty.send("q");
    again.wait_for("the room is closed");
    pty.assert_exit_code(0);
    assert_eq!(initiatives(&data), vec![("Faster CI".to_string(), "ana".to_string())]);
}

/// Logs in as `user` with a public key: whether the room let them in.
fn key_login(rt: &tokio::runtime::Runtime, port: u16, user: &str, key: &russh::keys::ssh_key::PrivateKey) -> bool {
    rt.block_on(async {
        let config = std::sync::Arc::new(russh::client::Config::default());
        let mut session = russh::client::connect(config, ("127.0.0.1", port), Trusting).await.expect("connected");
        let key = russh::keys::PrivateKeyWithHashAlg::new(std::sync::Arc::new(key.clone()), None);
        session.authenticate_publickey(user, key).await.is_ok_and(|auth| auth.success())
    })
}

#[test]
fn a_key_listed_in_room_keys_lets_its_owner_in_and_nobody_else() {
    use russh::keys::ssh_key::PrivateKey;
    use russh::keys::ssh_key::private::Ed25519Keypair;
    let (_root, home, data) = folders();
    let ana = PrivateKey::from(Ed25519Keypair::from_seed(&[7; 32]));
    let stranger = PrivateKey::from(Ed25519Keypair::from_seed(&[9; 32]));
    std::fs::create_dir_all(&data).expect("the data folder");
    let public = ana.public_key().to_openssh().expect("encoded");
    std::fs::write(data.join("room_keys"), format!("ana {public} laptop\n")).expect("room_keys");
    let Some((mut pty, port)) = host(&home, &data) else { return };
    let rt = runtime();
    assert!(key_login(&rt, port, "ana", &ana), "Ana's listed key lets Ana in, no code needed");
    assert!(!key_login(&rt, port, "bo", &ana), "Ana's key is not Bo's");
    assert!(!key_login(&rt, port, "ana", &stranger), "a key nobody listed");
    pty.send("q");
    pty.assert_exit_code(0);
}

#[test]
fn listening_beyond_this_machine_says_so() {
    let (_root, home, data) = folders();
    new_workshop(&home, &data, "Platform team", "Platform");
    let data_dir = data.to_str().expect("a UTF-8 path");
    let args = ["--data-dir", data_dir, "host", "Platform team", "--code", CODE, "--listen", "0.0.0.0:0"];
    let Some(mut pty) = Pty::spawn(&args, &home, &[]) else { return };
    pty.wait_for("reachable beyond this machine");
    pty.send("q");
    pty.assert_exit_code(0);
    let Some(mut local) =
        Pty::spawn(&["--data-dir", data_dir, "host", "Platform team", "--code", CODE, "--listen", "127.0.0.1:0"], &home, &[])
    else {
        return;
    };
    local.wait_for(&format!("code {CODE}"));
    assert!(!local.screen().contains("beyond this machine"), "loopback says nothing: {}", local.screen());
    local.send("q");
    local.assert_exit_code(0);
}

#[test]
fn a_full_room_turns_the_next_connection_away() {
    let (_root, home, data) = folders();
    let Some((mut pty, port)) = host(&home, &data) else { return };
    let rt = runtime();
    // The cap is 32 connections at once; these stay open to the end of the test.
    let seated: Vec<_> = (0..32).map(|n| login(&rt, port, &format!("p{n}"), CODE).unwrap_or_else(|e| panic!("p{n}: {e}"))).collect();
    let Err(err) = login(&rt, port, "latecomer", CODE) else { panic!("a 33rd connection was let in") };
    assert!(err.starts_with("connect"), "turned away before any SSH is spoken: {err}");
    assert_eq!(seated.len(), 32);
    pty.send("q");
    pty.assert_exit_code(0);
}

/// The facilitator hosting with the door's times shortened (`--login-grace`, `--idle`).
fn host_with(home: &std::path::Path, data: &std::path::Path, times: &[&str]) -> Option<(Pty, u16)> {
    new_workshop(home, data, "Platform team", "Platform");
    let data_dir = data.to_str().expect("a UTF-8 path");
    let mut args = vec!["--data-dir", data_dir, "host", "Platform team", "--code", CODE, "--listen", "127.0.0.1:0"];
    args.extend(times);
    let mut pty = Pty::spawn(&args, home, &[])?;
    pty.wait_for(&format!("code {CODE}"));
    let port = port_on(&pty.screen()).unwrap_or_else(|| panic!("a port in the join line\n{}", pty.screen()));
    Some((pty, port))
}

/// A client that says when the server hangs up on it.
struct Noticing(std::sync::mpsc::Sender<()>);

impl russh::client::Handler for Noticing {
    type Error = russh::Error;

    async fn check_server_key(&mut self, _key: &russh::keys::PublicKeyOrCertificate) -> Result<bool, Self::Error> {
        Ok(true)
    }

    async fn disconnected(&mut self, _reason: russh::client::DisconnectReason<Self::Error>) -> Result<(), Self::Error> {
        let _ = self.0.send(());
        Ok(())
    }
}

#[test]
fn a_connection_that_does_not_log_in_in_time_is_closed() {
    let (_root, home, data) = folders();
    let Some((mut pty, port)) = host_with(&home, &data, &["--login-grace", "1"]) else { return };
    let rt = runtime();
    let (tx, hung_up) = std::sync::mpsc::channel();
    // The SSH handshake, and then nothing: no password, no key.
    let config = std::sync::Arc::new(russh::client::Config::default());
    let session = rt.block_on(russh::client::connect(config, ("127.0.0.1", port), Noticing(tx))).expect("connects");
    hung_up.recv_timeout(support::room::DEADLINE).expect("the host hangs up on a connection that never logs in");
    assert!(session.is_closed());
    // Someone who logs in at once is let in as usual.
    let mut ana = Participant::join(&rt, port, "ana", CODE, (80, 24));
    ana.wait_for("Step 1 · Backlog");
    pty.wait_for("1 joined");
    pty.send("q");
    ana.wait_for("the room is closed");
    pty.assert_exit_code(0);
}

#[test]
fn a_participant_who_sends_nothing_for_the_idle_time_is_disconnected_and_keeps_their_ideas() {
    let (_root, home, data) = folders();
    let Some((mut pty, port)) = host_with(&home, &data, &["--idle", "2"]) else { return };
    pty.send("2");
    let rt = runtime();
    let mut ana = Participant::join(&rt, port, "ana", CODE, (80, 24));
    ana.write_idea(&rt, "Faster CI");
    pty.wait_for("1 of 1 have written");
    // No sleep: the wait ends when the host closes the session (or fails at the deadline).
    ana.wait_closed();
    pty.wait_for("0 of 0 have written");
    pty.wait_for("ana left the room");
    pty.send("q");
    pty.assert_exit_code(0);
    assert_eq!(initiatives(&data), vec![("Faster CI".to_string(), "ana".to_string())]);
}

#[test]
fn private_scores_stay_hidden_until_the_reveal_sets_the_team_averages() {
    let (_root, home, data) = folders();
    let rt = runtime();
    let Some((mut pty, mut ana, mut ben)) = two_ideas_on_step_3(&home, &data, &rt) else { return };
    pty.send("s");
    pty.wait_for("Private scoring: 0 people have scored");
    // Ana scores the first idea (impact 4, cost 2); Ben the second (impact 2, cost 4).
    ana.wait_for("Step 3 · Score");
    ana.send(&rt, "42");
    ana.wait_for("You have scored 1 of 2");
    ben.wait_for("Step 3 · Score");
    ben.send(&rt, "\x1b[B24\r");
    ben.wait_for("You have scored 1 of 2 · marked done");
    pty.wait_for("2 of 2 have scored");
    // Each sees only their own scores; the shared screen none of them.
    assert!(ana.screen().contains("·    ·   Fewer pages"), "Ana sees Ben's scores\n{}", ana.screen());
    assert!(ben.screen().contains("·    ·   Faster CI"), "Ben sees Ana's scores\n{}", ben.screen());
    assert!(!pty.screen().contains("Team: impact"), "{}", pty.screen());

    pty.send("s");
    pty.wait_for("revealed 4 scores from 2 people");
    pty.wait_for("Team: impact · cost");
    ana.wait_for("Step 3 · Vote");
    pty.send("q");
    pty.assert_exit_code(0);
    let json = read_json(&data.join("platform-team.json"));
    let scores = |title: &str| {
        let i = json["initiatives"].as_array().into_iter().flatten().find(|i| i["title"] == title).expect(title);
        (i["impact"].as_u64(), i["cost"].as_u64())
    };
    assert_eq!(scores("Faster CI"), (Some(4), Some(2)));
    assert_eq!(scores("Fewer pages"), (Some(2), Some(4)));
    assert_eq!(json["score_round"]["revealed"], true, "{json:#}");
    assert_eq!(json["score_round"]["cards"].as_array().map(Vec::len), Some(2), "one card per participant, kept for the spread");
}
