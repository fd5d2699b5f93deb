"""Networks with meetings and tasks, and the offers of the demo county."""

from datetime import date, timedelta

from sqlalchemy import select

from ...extensions import db
from ...models import (
    Contact,
    FollowUpTask,
    MeetingParticipant,
    Network,
    NetworkDelegate,
    NetworkMeeting,
    Offer,
    User,
)
from ...models.choices import (
    Attendance,
    MunicipalityKind,
    OfferStatus,
)
from ...models.structures import EducationStage, FieldOfAction, TargetGroup
from ...networking import holds_role_at
from .. import catalogue, texts
from .county import DEMO_ACCOUNTS, County, at, free


def networks(county: County) -> None:
    """Networks meeting at their rhythm: some meetings held, the next ones soon."""
    rng = county.rng
    office = county.organisations[0]
    taken = set(db.session.scalars(select(Network.name)))
    for number, (name, topic, meets, interval, kinds) in enumerate(catalogue.NETWORKS):
        candidates = [o for o in county.of_kind(*kinds) if o is not office]
        members = [office, *rng.sample(candidates, min(len(candidates), rng.randint(8, 12)))]
        coordinator = rng.choice(county.staff[office] if number == 0 else county.staff[members[1]])
        network = Network(
            name=free(name, taken),
            topic=topic,
            meets=meets,
            coordinator=coordinator,
            members=members,
        )
        db.session.add(network)
        county.networks.append(network)
        upcoming = county.today + timedelta(days=rng.randint(3, 28) if number < 2 else 70)
        days = [upcoming - timedelta(days=interval * n) for n in (3, 2, 1, 0)]
        if number == 0:
            days.append(upcoming + timedelta(days=interval))
        for day in days:
            _meeting(
                county,
                network,
                day,
                latest=day + timedelta(days=interval) >= upcoming and day < county.today,
            )
    db.session.add(
        FollowUpTask(
            description="Jahresbericht Integration für den Kreistag vorbereiten",
            owner=county.staff[office][0],
            due_on=county.today + timedelta(days=20),
        )
    )
    _conference(county)


def _conference(county: County) -> None:
    """The county's Fachtag: a meeting of no network, with those invited who came."""
    rng = county.rng
    day = county.days_ago(40, 80)
    invited = [c for c in county.contacts if county.tags["Einladung Fachtag"] in c.tags]
    staff = [c for people in county.staff.values() for c in people]
    guests = rng.sample(invited, min(len(invited), 20)) + rng.sample(staff, min(len(staff), 25))
    meeting = NetworkMeeting(
        title=f"Fachtag Integration {day.year}",
        starts_at=at(day, 9),
        ends_at=at(day, 16),
        location="Kurhaus Bad Ahrensfelde",
        agenda="\n".join(f"{n}. {item}" for n, item in enumerate(texts.CONFERENCE_AGENDA, 1)),
        minutes=texts.CONFERENCE_MINUTES,
        participants=[
            MeetingParticipant(
                contact=guest,
                organisation=guest.roles[0].organisation if guest.roles else None,
                attendance=rng.choices(list(Attendance), weights=[80, 15, 5])[0],
            )
            for guest in dict.fromkeys(guests)
        ],
        tasks=[
            FollowUpTask(
                description="Dokumentation des Fachtags an alle Teilnehmenden versenden",
                owner=county.staff[county.organisations[0]][0],
                due_on=day + timedelta(days=21),
                done_on=day + timedelta(days=rng.randint(7, 20)),
            )
        ],
    )
    db.session.add(meeting)
    county.meetings.append(meeting)


def _title(network: Network, day: date) -> str:
    return f"{network.name} – {texts.MONTHS[day.month - 1]} {day.year}"


def _meeting(county: County, network: Network, day: date, latest: bool) -> None:
    rng = county.rng
    host = rng.choice(network.members)
    held = day < county.today
    agenda = [texts.AGENDA[0], *rng.sample(texts.AGENDA[1:-1], 3), texts.AGENDA[-1]]
    meeting = NetworkMeeting(
        network=network,
        title=_title(network, day),
        starts_at=at(day, 13),
        ends_at=at(day, 15),
        location=f"{host.name}, {host.city}",
        agenda="\n".join(f"{n}. {item}" for n, item in enumerate(agenda, 1)),
        minutes=texts.MINUTES if held else None,
        decisions=rng.choice(texts.DECISIONS) if held else None,
    )
    db.session.add(meeting)
    county.meetings.append(meeting)
    present: list[Contact] = []
    for organisation in network.members:
        contact = rng.choice(county.staff[organisation])
        if any(p.contact is contact for p in meeting.participants):
            continue
        if held:
            attendance = rng.choices(list(Attendance), weights=[75, 15, 10])[0]
        elif rng.random() < 0.2:
            attendance = Attendance.EXCUSED  # apologies sent in advance
        else:
            continue
        meeting.participants.append(
            MeetingParticipant(contact=contact, organisation=organisation, attendance=attendance)
        )
        if attendance == Attendance.PRESENT:
            present.append(contact)
    if held:
        for n, description in enumerate(rng.sample(texts.TASKS, rng.randint(1, 3))):
            _task(
                county,
                meeting,
                description,
                rng.choice(present or [network.coordinator]),
                day,
                left_open=latest and (n == 0 or rng.random() < 0.5),
            )


def _task(
    county: County,
    meeting: NetworkMeeting,
    description: str,
    owner: Contact,
    day: date,
    left_open: bool,
) -> None:
    """A task from a meeting: done if it fell due before today, unless ``left_open`` (overdue)."""
    rng = county.rng
    due = day + timedelta(days=rng.randint(14, 45))
    done = None
    if due < county.today and not left_open and rng.random() < 0.9:
        done = max(day, due - timedelta(days=rng.randint(0, 10)))
    meeting.tasks.append(
        FollowUpTask(description=description, owner=owner, due_on=due, done_on=done)
    )


def offers(county: County) -> None:
    """Every kind of offer in four to seven places, some also for the whole county: a few
    ended, closed for now or not checked for over a year, so the overview shows its gaps."""
    rng = county.rng
    everywhere = [p for p in county.places if p.kind != MunicipalityKind.ASSOCIATION]
    fields = _by_name(FieldOfAction)
    stages = _by_name(EducationStage)
    groups = list(_by_name(TargetGroup).values())
    for title, field_names, stage, formal, kinds, target in catalogue.OFFERS:
        providers = county.of_kind(*kinds) or county.organisations
        # Offered where a provider sits; a few providers of the county reach every place.
        towns = [p for p in everywhere if any(o.municipality is p for o in providers)]
        towns = towns if len(towns) >= 4 else everywhere
        places = rng.sample(towns, min(len(towns), rng.randint(4, 7)))
        for place in [*places, None] if rng.random() < 0.3 else places:
            local = [o for o in providers if o.municipality is place]
            provider = rng.choice(local or providers)
            languages = (
                ["de"]
                if "Sprache" in field_names
                else rng.sample(["ar", "uk", "tr", "prs", "en", "ti", "ru"], rng.randint(0, 3))
            )
            until = rng.choices(
                [
                    None,
                    county.days_ago(10, 200),
                    county.today + timedelta(days=rng.randint(30, 400)),
                ],
                weights=[55, 10, 35],
            )[0]
            status = rng.choices(list(OfferStatus), weights=[88, 6, 6])[0]
            low = rng.choice([None, None, 0, 3, 6, 12, 16, 18, 27])
            offer = Offer(
                title=f"{title} {place.name}" if place else f"{title} (kreisweit)",
                provider=provider,
                municipality=place,
                fields=[fields[name] for name in field_names],
                stages=[stages[stage]] if stage else [],
                target_groups=rng.sample(groups, rng.randint(0, 2)),
                status=status,
                formal=formal,
                target_group=target,
                min_age=low,
                max_age=None if low is None or rng.random() < 0.5 else low + rng.randint(3, 40),
                accessibility=rng.choice(texts.ACCESSIBILITY),
                public=rng.random() < 0.85,
                languages=county.language_list(languages),
                contact=rng.choice(county.staff[provider]) if county.staff[provider] else None,
                valid_from=county.days_ago(200, 900),
                valid_until=until,
                checked_on=rng.choice([None, county.days_ago(400, 700), county.days_ago(5, 300)]),
                notes=rng.choice(texts.OFFER_NOTES) if rng.random() < 0.15 else None,
            )
            db.session.add(offer)
            county.offers.append(offer)


def delegates_and_owners(county: County) -> None:
    """What network work shows once meetings and offers exist: a delegate for every member
    (who came for it last), tasks of the coordination account, a member that stayed away
    from its network's last three meetings, and a local network doing what the Arbeitskreis
    Sprache und Bildung does in one of its places."""
    coordination = db.session.scalar(select(User).where(User.email == DEMO_ACCOUNTS[1][0]))
    _second_network(county)
    for number, network in enumerate(county.networks):
        held = sorted(
            (
                m
                for m in county.meetings
                if m.network is network and m.starts_at.date() < county.today
            ),
            key=lambda m: m.starts_at,
            reverse=True,
        )
        _delegates(county, network, held)
        if held and coordination is not None and number < 2:
            _tasks_of(coordination, held[0], county.today)
    first = county.networks[0]
    _stays_away(first, [m for m in county.meetings if m.network is first], county.today)


def _delegates(county: County, network: Network, held: list[NetworkMeeting]) -> None:
    for organisation in network.members:
        came = (
            p.contact
            for meeting in held
            for p in meeting.participants
            if p.organisation is organisation
        )
        staff = county.staff[organisation]
        contact = next(
            (c for c in [*came, *staff] if holds_role_at(c, organisation, county.today)), None
        )
        if contact is not None:
            network.delegates.append(NetworkDelegate(organisation=organisation, contact=contact))


def _tasks_of(user: User, meeting: NetworkMeeting, today: date) -> None:
    """The coordination account owns an overdue and an upcoming task of the latest meeting."""
    meeting.tasks.append(
        FollowUpTask(
            description="Protokoll an alle Mitglieder versenden",
            owner_user=user,
            due_on=today - timedelta(days=3),
        )
    )
    meeting.tasks.append(
        FollowUpTask(
            description="Raum und Technik für das nächste Treffen buchen",
            owner_user=user,
            due_on=today + timedelta(days=12),
        )
    )


def _stays_away(network: Network, meetings: list[NetworkMeeting], today: date) -> None:
    """The last member organisation missed the network's last three held meetings."""
    absent = network.members[-1]
    held = sorted((m for m in meetings if m.starts_at.date() < today), key=lambda m: m.starts_at)
    for n, meeting in enumerate(held[-3:]):
        for participant in meeting.participants:
            if participant.organisation is absent:
                participant.attendance = Attendance.EXCUSED if n % 2 else Attendance.ABSENT


def _second_network(county: County) -> None:
    """A local network of one place whose members include one of the Arbeitskreis', with an
    offer of the same field there: the overlap „Wer ist im Netzwerk?“ points out."""
    circle = county.networks[1]
    shared = next(
        (o for o in county.offers if o.provider in circle.members and o.municipality), None
    )
    if shared is None:
        return
    place = shared.municipality
    local = sorted({o.provider for o in county.offers if o.municipality is place}, key=str)
    members = [*(o for o in local[:6] if o is not shared.provider), shared.provider]
    network = Network(
        name=free(
            f"Netzwerk Integration {place.name}", set(db.session.scalars(select(Network.name)))
        ),
        topic="Angebote vor Ort abstimmen: Kurse, Beratung, Begegnung",
        meets="monatlich",
        coordinator=next(iter(county.staff[members[0]]), None),
        members=members,
    )
    db.session.add(network)
    county.networks.append(network)
    for days in (45, 15):
        day = county.today - timedelta(days=days)
        meeting = NetworkMeeting(
            network=network,
            title=_title(network, day),
            starts_at=at(day, 17),
            ends_at=at(day, 18),
            location=f"{shared.provider.name}, {shared.provider.city}",
            agenda="1. Kursplätze im nächsten Halbjahr\n2. Sprachcafé: neue Ehrenamtliche",
            participants=[
                MeetingParticipant(contact=county.staff[o][0], organisation=o)
                for o in members
                if county.staff[o]
            ],
        )
        db.session.add(meeting)
        county.meetings.append(meeting)


def _by_name(model) -> dict:
    """The entries of an office's list, which the migrations seed, by name."""
    return {entry.name: entry for entry in db.session.scalars(select(model))}
