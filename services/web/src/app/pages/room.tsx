// The attendee room /s/<seminarId>: signed out / not found / not registered / waiting room (title,
// description, countdown in the viewer's zone, .ics) / live (the player, loaded on demand) / ended.
// While waiting, the seminar is re-read every 15 s so the room turns live without a reload.
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/http';
import { api } from '../api/endpoints';
import type { SeminarView } from '../api/types';
import { formatDateTime, t, useLanguage } from '../i18n/i18n';
import type { SessionState } from '../session';
import { errorText, Page, Status, useAction } from '../ui/ui';
import { seminarIcs } from './ics';
import type { RoomPlayer } from './room-player';

function countdown(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(total / 86_400);
  const clock = [Math.floor((total % 86_400) / 3600), Math.floor((total % 3600) / 60), total % 60].map((n) => String(n).padStart(2, '0')).join(':');
  return days > 0 ? `${days} × 24 h + ${clock}` : clock;
}

function Waiting(props: { seminar: SeminarView }): JSX.Element {
  const { seminar } = props;
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const [ics] = useState(() => URL.createObjectURL(new Blob([seminarIcs(seminar, location.href)], { type: 'text/calendar' })));
  const left = Date.parse(seminar.startsAt) - now;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <div class="card waiting" data-room-state="waiting">
      <h2>{t('room.waiting')}</h2>
      <p>{t('room.startsAt', { when: formatDateTime(seminar.startsAt), zone })}</p>
      {/* role=timer: not announced every second; the heading and start time say what matters. */}
      <p class="countdown" role="timer" aria-live="off">
        {left > 0 ? t('room.startsIn', { time: countdown(left) }) : t('room.soon')}
      </p>
      <a class="button secondary" href={ics} download={`seminar-${seminar.id}.ics`}>
        {t('room.calendar')}
      </a>
    </div>
  );
}

function Live(props: { seminarId: string }): JSX.Element {
  const video = useRef<HTMLVideoElement>(null);
  const status = useRef<HTMLParagraphElement>(null);
  const retry = useRef<HTMLButtonElement>(null);
  const signIn = useRef<HTMLAnchorElement>(null);
  const player = useRef<RoomPlayer | undefined>(undefined);
  useEffect(() => {
    let stopped = false;
    void import('./room-player.js').then(({ startRoomPlayer }) => {
      if (stopped || !video.current || !status.current || !retry.current || !signIn.current) return;
      player.current = startRoomPlayer(props.seminarId, { video: video.current, status: status.current, retry: retry.current, signIn: signIn.current });
    });
    return () => {
      stopped = true;
      player.current?.stop();
    };
  }, [props.seminarId]);
  return (
    <div class="live" data-room-state="live">
      {/* Muted so that browsers allow autoplay; the viewer unmutes with the controls. */}
      <video id="player" ref={video} muted autoplay playsInline controls>
        <track kind="captions" srclang="en" label="Captions" />
      </video>
      <p id="status" ref={status} role="status" data-state="connecting">
        {t('app.loading')}
      </p>
      <button type="button" ref={retry} hidden onClick={() => player.current?.retry()}>
        {t('room.retry')}
      </button>
      <a ref={signIn} href="/sign-in" hidden>
        {t('app.signIn')}
      </a>
    </div>
  );
}

export function Room(props: { seminarId: string; session: SessionState }): JSX.Element {
  useLanguage();
  const { seminarId, session } = props;
  const [seminar, setSeminar] = useState<SeminarView | undefined>();
  const [problem, setProblem] = useState('');
  const [registered, setRegistered] = useState<boolean | undefined>();
  const register = useAction();
  const signedIn = session.status === 'signed-in';
  const attendee = signedIn && (session.who.user.role === 'prospect' || session.who.user.role === 'customer');

  useEffect(() => {
    if (!signedIn) return;
    let live = true;
    const read = () =>
      api.seminar(seminarId).then(
        (s) => live && setSeminar(s),
        (error: unknown) => live && setProblem(error instanceof ApiError && (error.status === 404 || error.status === 403) ? t('room.notFound') : errorText(error)),
      );
    void read();
    const timer = setInterval(() => void read(), 15_000);
    if (attendee) {
      api.me().then(
        (me) => live && setRegistered(me.registrations.some((r) => r.seminarId === seminarId && !r.cancelledAt) || me.grants.some((g) => g.seminarId === seminarId)),
        () => live && setRegistered(false),
      );
    } else setRegistered(true);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [seminarId, signedIn]);

  if (session.status === 'loading') return <Page title={t('room.loading')}>{null}</Page>;
  if (session.status === 'signed-out') {
    return (
      <Page title={t('app.signIn')}>
        <Status message={t('room.signedOut')} testId="room-state" />
        <a class="button" href="/sign-in">
          {t('app.signIn')}
        </a>
      </Page>
    );
  }
  if (problem) return <Page title={t('room.notFound')}>{<Status message={problem} kind="error" testId="room-state" />}</Page>;
  if (!seminar || registered === undefined) return <Page title={t('room.loading')}>{<Status message={t('room.loading')} />}</Page>;

  const open = seminar.state === 'scheduled' || seminar.state === 'live';
  return (
    <Page title={seminar.title} wide>
      {seminar.description ? <p class="description">{seminar.description}</p> : null}
      {!registered && open ? (
        <div class="card" data-room-state="not-registered">
          <p>{t('room.notRegistered')}</p>
          <button type="button" disabled={register.busy} onClick={register.run(async () => {
            try {
              await api.register(seminarId);
            } catch (error) {
              if (!(error instanceof ApiError && error.code === 'REGISTRATION.EXISTS')) throw error;
            }
            setRegistered(true);
          })}>
            {t('room.register')}
          </button>
          <Status message={register.error} kind="error" />
        </div>
      ) : null}
      {registered && seminar.state === 'scheduled' ? <Waiting seminar={seminar} /> : null}
      {registered && seminar.state === 'live' ? <Live seminarId={seminarId} /> : null}
      {seminar.state === 'ended' || seminar.state === 'archived' ? <Status message={t('room.ended')} testId="room-state" /> : null}
      {seminar.state === 'draft' ? <Status message={t('room.notFound')} testId="room-state" /> : null}
    </Page>
  );
}
