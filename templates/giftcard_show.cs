<?cs def:content() ?>
<p><a href="/gift-cards">All gift cards</a></p>
<h1>Gift card <?cs var:Card.Shown ?></h1>
<?cs if:Form.Saved ?>
<p class="notice" role="status">The gift card was saved.</p>
<?cs /if ?>
<dl class="facts">
  <dt>Code</dt><dd class="code"><?cs var:Card.Shown ?></dd>
  <dt>Balance</dt><dd class="balance"><?cs var:Card.Balance ?></dd>
  <dt>Status</dt><dd><?cs if:Card.Active ?><span class="badge">Active</span><?cs else ?><span class="badge off">Deactivated</span> — it takes no money<?cs /if ?></dd>
  <dt>Issued</dt><dd><?cs var:Card.Created ?></dd>
</dl>
<?cs if:Card.Active ?>
<form method="post" action="/gift-cards/<?cs var:Card.Code ?>/deactivate" class="row-action" novalidate>
  <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
<?cs include:"approval.cs" ?>
  <button type="submit" class="secondary">Deactivate the card</button>
</form>
<?cs else ?>
<form method="post" action="/gift-cards/<?cs var:Card.Code ?>/activate" class="row-action" novalidate>
  <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
<?cs include:"approval.cs" ?>
  <button type="submit" class="secondary">Activate the card</button>
</form>
<?cs /if ?>
<h2>History</h2>
<?cs if:subcount(Entries) == 0 ?>
<p class="note">Nothing was put on this card yet.</p>
<?cs else ?>
<table class="list entries">
  <caption class="hint">Newest first. Times are in <?cs var:Zone.Name ?>.</caption>
  <thead>
    <tr>
      <th scope="col">Time</th>
      <th scope="col">What</th>
      <th scope="col" class="num">In</th>
      <th scope="col" class="num">Out</th>
      <th scope="col" class="num">Balance</th>
      <th scope="col">Account entry</th>
      <th scope="col">By</th>
    </tr>
  </thead>
  <tbody>
<?cs each:e = Entries ?>
    <tr>
      <td class="when"><?cs var:e.Time ?></td>
      <td><?cs var:e.Kind ?></td>
      <td class="num"><?cs var:e.In ?></td>
      <td class="num"><?cs var:e.Out ?></td>
      <td class="num"><?cs var:e.Balance ?></td>
      <td><?cs if:e.Entry ?><a href="/accounts/<?cs var:e.Account ?>/entries/<?cs var:e.Entry ?>"><?cs var:e.Entry ?></a> on <a href="/accounts/<?cs var:e.Account ?>"><?cs var:e.Account ?></a><?cs /if ?></td>
      <td><?cs var:e.Staff ?></td>
    </tr>
<?cs /each ?>
  </tbody>
</table>
<?cs /if ?>
<?cs include:"pager.cs" ?>
<?cs /def ?>
