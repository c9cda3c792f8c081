<?cs def:content() ?>
<section class="card narrow">
  <p><a href="/lanes">Back to the lanes</a></p>
  <h1>Revoke lane <?cs var:Lane.Name ?></h1>
<?cs if:Lane.Revoked ?>
  <p class="note">This lane was revoked on <?cs var:Lane.Revoked ?>.</p>
<?cs else ?>
  <p id="revoke-text">The lane's token stops working at once: its next request is refused as revoked. Sales it has already posted stay. To use the till again, register it anew.</p>
  <form method="post" action="/lanes/<?cs var:Lane.Id ?>/revoke" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
<?cs include:"approval.cs" ?>
    <button type="submit" class="danger" aria-describedby="revoke-text">Revoke</button>
  </form>
<?cs /if ?>
</section>
<?cs /def ?>
