<?cs def:content() ?>
<h1>Gift cards</h1>
<p class="hint">Cards are issued when an account's credit is paid out onto a new card.</p>
<form method="get" action="/gift-cards" class="filters" role="search" novalidate>
  <div>
    <label for="f-q">Code <span class="hint">(its first digits, or all 16)</span></label>
    <input id="f-q" name="q" type="search" inputmode="numeric" autocomplete="off" value="<?cs var:Filter.q ?>"<?cs if:Errors.q ?> aria-invalid="true" aria-describedby="q-error"<?cs /if ?>>
<?cs if:Errors.q ?>
    <p class="field-error" id="q-error"><?cs var:Errors.q ?></p>
<?cs /if ?>
  </div>
  <button type="submit">Search</button>
</form>
<?cs if:!Errors.q ?>
<?cs if:subcount(Cards) == 0 ?>
<p class="note">No gift cards match.</p>
<?cs else ?>
<table class="list">
  <caption class="hint">Newest first. Times are in <?cs var:Zone.Name ?>.</caption>
  <thead>
    <tr>
      <th scope="col">Code</th>
      <th scope="col">Status</th>
      <th scope="col" class="num">Balance</th>
      <th scope="col">Issued</th>
    </tr>
  </thead>
  <tbody>
<?cs each:g = Cards ?>
    <tr>
      <td><a class="code" href="/gift-cards/<?cs var:g.Code ?>"><?cs var:g.Shown ?></a></td>
      <td><?cs if:g.Active ?><span class="badge">Active</span><?cs else ?><span class="badge off">Deactivated</span><?cs /if ?></td>
      <td class="num"><?cs var:g.Balance ?></td>
      <td><?cs var:g.Created ?></td>
    </tr>
<?cs /each ?>
  </tbody>
</table>
<?cs /if ?>
<?cs include:"pager.cs" ?>
<?cs /if ?>
<?cs /def ?>
